/// Deterministic pseudo-random numbers (SplitMix64) so a scenario replays identically from its seed.
struct SeededRandom: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// Uniform in [lower, upper).
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * unit() }

    mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int(next() % 16)] })
    }

    /// A random (version 4 shaped) UUID, as Kubernetes uses for metadata.uid.
    mutating func uuid() -> String {
        let h = Array(hex(32))
        let variant = Array("89ab")[Int(next() % 4)]
        func part(_ r: Range<Int>) -> String { String(h[r]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-\(variant)\(part(17..<20))-\(part(20..<32))"
    }

    /// Characters from the alphabet Kubernetes uses for generated names and pod-template-hash
    /// (why: apimachinery `pkg/util/rand` `alphanums = "bcdfghjklmnpqrstvwxz2456789"`, no vowels).
    mutating func nameSuffix(_ count: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<count).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
    }
}
