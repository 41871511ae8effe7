import Testing
@testable import KubeClient

@Suite struct KubeClientSmokeTests {
    @Test func moduleLoads() { #expect(true) }
}
