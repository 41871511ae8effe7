import Foundation

/// Exponential backoff with jitter and reset, as client-go's reflector uses between
/// ListAndWatch attempts: 800 ms × 2 up to 30 s, jitter up to +100 %, back to 800 ms after
/// 2 minutes without trouble (client-go `reflector.go` `defaultBackoff*`; apimachinery
/// `wait.NewExponentialBackoffManager`). Time and randomness come in as arguments.
public struct Backoff: Sendable, Equatable {
    public var initial: Double = 0.8
    public var factor: Double = 2
    public var cap: Double = 30
    /// Extra delay of up to `jitter × delay`.
    public var jitter: Double = 1
    public var resetAfter: Double = 120
    private var current: Double?
    private var lastBackoffAt: Double?

    public init() {}

    /// The next delay in seconds, at monotonic time `now`, with `random` in [0, 1).
    public mutating func next(now: Double, random: Double) -> Double {
        if let last = lastBackoffAt, now - last > resetAfter { current = nil }
        let base = current ?? initial
        current = min(base * factor, cap)
        lastBackoffAt = now
        return base + base * jitter * max(0, min(random, 1))
    }
}

/// Time for the reflector driver: a monotonic clock and a sleep, injectable in tests.
public struct ReflectorClock: Sendable {
    public var now: @Sendable () -> Double
    public var sleep: @Sendable (Double) async throws -> Void

    public init(now: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (Double) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    public static let system = ReflectorClock(
        now: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
        sleep: { seconds in try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9)) })
}
