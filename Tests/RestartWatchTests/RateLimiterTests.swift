import Testing
@testable import RestartWatch

/// The limiter behind log fetches and probe-failure diagnoses.
@Suite struct RateLimiterTests {
    /// Runs the calls in order and returns what each was answered.
    func answers(_ l: RateLimiter, _ calls: [(String, Double)]) -> [Bool] {
        var l = l
        return calls.map { l.allow($0.0, now: $0.1) }
    }

    @Test func oncePerKeyPerInterval() {
        let got = answers(RateLimiter(perKeyInterval: 60), [("ml/a", 0), ("ml/a", 59), ("ml/b", 59), ("ml/a", 60)])
        #expect(got == [true, false, true, true])
    }

    @Test func perMinuteBudgetAcrossKeys() {
        let got = answers(RateLimiter(perKeyInterval: 1, perMinute: 2), [("a", 0), ("b", 1), ("c", 2), ("c", 60)])
        #expect(got == [true, true, false, true])
    }
}
