import Testing
@testable import RestartWatch

@Suite struct RestartWatchSmokeTests {
    @Test func moduleLoads() { #expect(true) }
}
