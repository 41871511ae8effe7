import Testing
@testable import Diagnosis

@Suite struct ImagePullRuleTests {
    let rule = ImagePullRule()

    @Test func waitingReasonDecides() throws {
        let s = ContainerStatus(name: "vllm-openai", ready: false, restartCount: 0,
                                state: ContainerState(waiting: .init(reason: "ImagePullBackOff", message: "Back-off pulling image")))
        let v = try #require(rule.evaluate(Fx.context(Fx.evidence(status: s))))
        #expect(v.cause == .imagePull && v.confidence == .high && v.rule == "image-pull")
    }

    @Test func pullEventsWithoutStatusDecide() throws {
        let e = Fx.evidence(status: nil, events: [
            Fx.event("Failed", "Failed to pull image \"nvcr.io/x:1\": insufficient_scope: authorization failed", container: nil, type: "Warning", first: 10),
            Fx.event("BackOff", "Back-off pulling image \"nvcr.io/x:1\"", container: nil, first: 11),
        ])
        let v = try #require(rule.evaluate(Fx.context(e)))
        #expect(v.facts.contains { $0.source == .event && $0.text.contains("insufficient_scope") })
    }

    @Test func anOldPullFailureDoesNotExplainALaterCrashLoop() {
        let e = Fx.evidence(status: Fx.looping(), events: [Fx.event("Failed", "Error: ErrImagePull", type: "Warning", first: 10)])
        #expect(rule.evaluate(Fx.context(e)) == nil)
    }
}
