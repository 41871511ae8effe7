import Testing
@testable import ClusterSim

@Suite struct ClusterSimSmokeTests {
    @Test func moduleLoads() { #expect(true) }
}
