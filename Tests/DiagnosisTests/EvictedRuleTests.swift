import Testing
@testable import Diagnosis

@Suite struct EvictedRuleTests {
    @Test func podStatusReasonEvicted() throws {
        var e = Fx.evidence(status: ContainerStatus(name: "vllm-openai", state: ContainerState(terminated: .init(exitCode: 137, reason: "Error"))))
        e.pod.status?.phase = "Failed"
        e.pod.status?.reason = "Evicted"
        e.pod.status?.message = "The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi."
        let v = try #require(EvictedRule().evaluate(Fx.context(e)))
        #expect(v.cause == .evicted)
        #expect(v.facts.first?.text.contains("ephemeral-storage") == true)
        #expect(Diagnoser().diagnose(e).map(\.cause) == [.evicted])
    }

    @Test func notEvictedWithoutEvidence() {
        #expect(EvictedRule().evaluate(Fx.context(Fx.evidence(status: Fx.looping()))) == nil)
    }
}
