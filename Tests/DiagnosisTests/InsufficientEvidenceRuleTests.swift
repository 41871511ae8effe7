import Testing
@testable import Diagnosis

@Suite struct InsufficientEvidenceRuleTests {
    @Test func exit137AloneIsUndecided() throws {
        // 137/Error, one run in the window, no events: a probe kill and a memory-limit kill look alike.
        let e = Fx.evidence(status: Fx.looping(seconds: 140))
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(f.cause == .insufficientEvidence && f.confidence == .low && f.rule == "insufficient-evidence")
        #expect(f.facts.contains { $0.text.contains("shared by probe kills and memory-limit kills") })
        #expect(f.facts.contains { $0.text.hasPrefix("missing:") && $0.text.contains("Killing event") })
    }

    @Test func alwaysAnswers() {
        #expect(InsufficientEvidenceRule().evaluate(Fx.context(Fx.evidence(status: nil))) != nil)
    }
}
