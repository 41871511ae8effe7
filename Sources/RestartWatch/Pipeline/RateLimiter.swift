/// At most one action per key per interval, and at most `perMinute` in all: bounds log fetches (a
/// crash-looping fleet must not turn restartwatch into a log-scraping loop) and probe-failure
/// diagnoses. Pure; time is passed in.
struct RateLimiter: Sendable {
    var perKeyInterval: Double
    var perMinute: Int
    private var last: [String: Double] = [:]
    private var window: [Double] = []

    init(perKeyInterval: Double, perMinute: Int = .max) {
        self.perKeyInterval = perKeyInterval
        self.perMinute = perMinute
    }

    /// Whether the action for `key` may happen at `now`; records it when allowed.
    mutating func allow(_ key: String, now: Double) -> Bool {
        if let previous = last[key], now - previous < perKeyInterval { return false }
        if perMinute != .max {
            window.removeAll { now - $0 >= 60 }
            guard window.count < perMinute else { return false }
            window.append(now)
        }
        last[key] = now
        if last.count > 10_000 { last = last.filter { now - $0.value < perKeyInterval } }
        return true
    }
}
