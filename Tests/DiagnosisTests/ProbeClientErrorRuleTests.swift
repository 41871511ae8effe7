import Testing
@testable import Diagnosis

@Suite struct ProbeClientErrorRuleTests {
    @Test func liveness404WithKillIsOtherNotSlowStart() throws {
        let e = Fx.evidence(status: Fx.status("vllm-openai", restarts: 6, last: nil, running: 3000),
                            events: [Fx.event("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404", type: "Warning", count: 3, first: 2900),
                                     Fx.killing("liveness", at: 2900)])
        let v = try #require(ProbeClientErrorRule().evaluate(Fx.context(e)))
        #expect(v.cause == .other && v.probe == .liveness && v.confidence == .high)
        #expect(v.facts.contains { $0.source == .spec && $0.text.contains("/health") })
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(f.cause == .other && f.remediation == nil)
    }

    @Test func startup401IsOther() throws {
        let e = Fx.evidence(status: Fx.looping(), events: [Fx.event("Unhealthy", "Startup probe failed: HTTP probe failed with statuscode: 401", type: "Warning", first: 1)])
        #expect(try #require(ProbeClientErrorRule().evaluate(Fx.context(e))).probe == .startup)
    }

    @Test func serverErrorsAndRefusalsAreNotClientErrors() {
        let e = Fx.evidence(status: Fx.looping(), events: [
            Fx.event("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 503", type: "Warning", first: 1),
            Fx.refused("Liveness", count: 3, first: 2, last: 12),
            Fx.event("Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 404", type: "Warning", first: 3),
        ])
        #expect(ProbeClientErrorRule().evaluate(Fx.context(e)) == nil)
    }
}
