import Foundation

/// A Kubernetes timestamp (`metav1.Time` or `metav1.MicroTime`) as seconds since the Unix epoch.
///
/// Why a hand-written parser: `metav1.Time` is RFC 3339 with whole seconds
/// (`2025-06-01T10:01:05Z`) and `MicroTime` has exactly six fractional digits
/// (apimachinery `pkg/apis/meta/v1/time.go`, `micro_time.go`). ISO8601DateFormatter is slow
/// and rejects one form or the other depending on options, so we parse both forms directly.
public struct KubeTime: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Double

    public init(seconds: Double) { self.seconds = seconds }
    public init(_ date: Date) { self.seconds = date.timeIntervalSince1970 }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; returns nil for anything else.
    public init?(rfc3339 text: String) {
        guard let s = KubeTime.parse(Array(text.utf8)) else { return nil }
        self.seconds = s
    }

    /// Parses the same forms from UTF-8 bytes (a scanner's view of a JSON string).
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let s = KubeTime.parse(bytes) else { return nil }
        self.seconds = s
    }

    public var date: Date { Date(timeIntervalSince1970: seconds) }

    public static func < (a: KubeTime, b: KubeTime) -> Bool { a.seconds < b.seconds }

    /// Seconds from `self` to `later` (negative if `later` is earlier).
    public func distance(to later: KubeTime) -> Double { later.seconds - seconds }

    public func adding(_ s: Double) -> KubeTime { KubeTime(seconds: seconds + s) }

    /// `metav1.Time` wire format: whole seconds, UTC, `Z`.
    public var description: String { KubeTime.format(seconds, fractionDigits: 0) }

    /// `metav1.MicroTime` wire format: exactly six fractional digits (apimachinery `RFC3339Micro`).
    public var microString: String { KubeTime.format(seconds, fractionDigits: 6) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let s = KubeTime.parse(Array(text.utf8)) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 timestamp: \(text)")
        }
        seconds = s
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    static func parse<B: RandomAccessCollection>(_ b: B) -> Double? where B.Element == UInt8, B.Index == Int {
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                let d = Int(b[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard b.count >= 20, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
              b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(11, 2), b[13] == 58, let mi = num(14, 2),
              b[16] == 58, let se = num(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61
        else { return nil }
        var i = 19
        var frac = 0.0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { frac += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            if i == start { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = num(i + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
            i += 6
        } else { return nil }
        guard i == b.count else { return nil }
        let days = daysFromCivil(y, mo, d)
        return Double(days * 86400 + h * 3600 + mi * 60 + se - offset) + frac
    }

    /// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func format(_ seconds: Double, fractionDigits: Int) -> String {
        let whole = Int(seconds.rounded(.down))
        var days = whole / 86400
        var rem = whole % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        // civil-from-days
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func p(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        var out = "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(rem / 3600, 2)):\(p(rem % 3600 / 60, 2)):\(p(rem % 60, 2))"
        if fractionDigits > 0 {
            var scale = 1
            for _ in 0..<fractionDigits { scale *= 10 }
            let f = Int(((seconds - Double(whole)) * Double(scale)).rounded()) % scale
            out += "." + p(f, fractionDigits)
        }
        return out + "Z"
    }
}
