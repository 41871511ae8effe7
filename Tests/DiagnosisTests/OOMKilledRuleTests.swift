import Testing
@testable import Diagnosis

@Suite struct OOMKilledRuleTests {
    @Test func oomKilledReasonDecidesEvenInsideTheProbeWindow() throws {
        // 135 s: right inside the liveness window — the reason still says memory, not the probe.
        let e = Fx.evidence(status: Fx.looping(exit: 137, reason: "OOMKilled", seconds: 135),
                            events: [Fx.refused("Liveness", count: 3, first: 1120, last: 1130)])
        let v = try #require(OOMKilledRule().evaluate(Fx.context(e)))
        #expect(v.cause == .oomKilled && v.confidence == .high)
        #expect(Diagnoser().diagnose(e).first?.cause == .oomKilled)
    }

    @Test func olderOOMKillInHistoryCounts() throws {
        let e = Fx.evidence(status: Fx.looping(exit: 1, reason: "Error", seconds: 20),
                            history: [Fx.run(137, "OOMKilled", start: 100, seconds: 300)])
        let v = try #require(OOMKilledRule().evaluate(Fx.context(e)))
        #expect(v.facts.contains { $0.source == .history })
    }

    @Test func errorExitIsNotOOM() {
        #expect(OOMKilledRule().evaluate(Fx.context(Fx.evidence(status: Fx.looping()))) == nil)
    }

    @Test func exit137WithTheProcessReportingMemoryExhaustion() throws {
        var c = Fx.context(Fx.evidence(status: Fx.looping(exit: 137, reason: "Error", seconds: 90)))
        c.signatures = [LogSignature(kind: .hostOutOfMemory, line: "Killed")]
        let v = try #require(OOMKilledRule().evaluate(c))
        #expect(v.cause == .oomKilled && v.confidence == .medium)
        c.signatures = []
        #expect(OOMKilledRule().evaluate(c) == nil)
    }
}
