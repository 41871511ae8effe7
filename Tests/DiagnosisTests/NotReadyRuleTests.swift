import Testing
@testable import Diagnosis

@Suite struct NotReadyRuleTests {
    @Test func readinessFailingWithoutRestarts() throws {
        let s = Fx.status("vllm-openai", restarts: 0, last: nil, running: 0, ready: false)
        let e = Fx.evidence(status: s, events: [Fx.timeout("Readiness", count: 40, first: 600, last: 3500)])
        let v = try #require(NotReadyRule().evaluate(Fx.context(e)))
        #expect(v.cause == .notReady && v.probe == nil)
        #expect(Diagnoser().diagnose(e).map(\.cause) == [.notReady])
    }

    @Test func restartsAreNotMerelyNotReady() {
        let e = Fx.evidence(status: Fx.looping(), events: [Fx.timeout("Readiness", count: 4, first: 600, last: 700)])
        #expect(NotReadyRule().evaluate(Fx.context(e)) == nil)
    }

    @Test func readinessFailuresDuringStartAreNormal() {
        // Running for 60 s, inside its 136 s start allowance: still starting, no finding.
        let s = Fx.status("vllm-openai", restarts: 0, last: nil, running: 3540, ready: false)
        let e = Fx.evidence(status: s, events: [Fx.refused("Readiness", count: 10, first: 3545, last: 3595)])
        #expect(Diagnoser().diagnose(e).isEmpty)
    }
}
