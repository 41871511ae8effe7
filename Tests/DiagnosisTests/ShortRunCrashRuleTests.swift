import Testing
@testable import Diagnosis

@Suite struct ShortRunCrashRuleTests {
    @Test func runsEndingBeforeAnyKillIsPossibleAreCrashes() throws {
        // Liveness 120 + 3 × 5: no kill before 130 s; instances died after 12–20 s.
        let e = Fx.evidence(status: Fx.looping(exit: 0, reason: "Completed", seconds: 20, start: 900),
                            history: [Fx.run(143, "Error", start: 100, seconds: 12)])
        let v = try #require(ShortRunCrashRule().evaluate(Fx.context(e)))
        #expect(v.cause == .crash && v.facts.contains { $0.text.contains("before 130 s") })
        #expect(Diagnoser().diagnose(e).first?.rule == "crash.short-runs")
    }

    @Test func shortSigkillsAreLeftUndecided() {
        // 137 after 12–20 s: no probe can have done it, but a memory kill can; the rule does not say "crash".
        let e = Fx.evidence(status: Fx.looping(seconds: 20, start: 900), history: [Fx.run(137, "Error", start: 100, seconds: 12)])
        #expect(ShortRunCrashRule().evaluate(Fx.context(e)) == nil)
        let f = Diagnoser().diagnose(e).first
        #expect(f?.cause == .insufficientEvidence)
        #expect(f?.facts.contains { $0.text.contains("before any probe could kill") } == true)
    }

    @Test func startupProbeGatesLiveness() {
        // startup 0 + 3 × 10 (earliest kill 20 s); liveness then needs max(0, 120) + 2 × 5 = 130 s.
        let c = Fx.aibrixQuickstart(startup: Fx.http(period: 10, failures: 3))
        #expect(ShortRunCrashRule.earliestKill(Fx.context(Fx.evidence(c, status: nil))) == 20)
        #expect(ShortRunCrashRule.earliestKill(Fx.context(Fx.evidence(status: nil))) == 130)
        #expect(ShortRunCrashRule.earliestKill(Fx.context(Fx.evidence(Container(name: "vllm-openai"), status: nil))) == nil)
    }

    @Test func runsThatReachTheWindowAreNotShort() {
        let e = Fx.evidence(status: Fx.looping(seconds: 128))
        #expect(ShortRunCrashRule().evaluate(Fx.context(e)) == nil)
    }
}
