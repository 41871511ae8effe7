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

@Suite struct MemoryLimitSigkillTests {
    func limited(_ c: Container = Fx.aibrixQuickstart(), memory: String? = "16Gi") -> Container {
        var c = c
        c.resources = memory.map { ResourceRequirements(limits: ["memory": Quantity($0)]) }
        return c
    }

    @Test func sigkillBeforeAnyProbeUnderAMemoryLimitIsAMemoryKill() throws {
        // AIBrix liveness: no kill before 130 s; this instance was SIGKILLed after 45 s.
        let e = Fx.evidence(limited(), status: Fx.looping(exit: 137, reason: "Error", seconds: 45))
        let v = try #require(OOMKilledRule().evaluate(Fx.context(e)))
        #expect(v.cause == .oomKilled && v.confidence == .medium)
        #expect(v.facts.contains { $0.text.contains("memory limit 16Gi") })
        #expect(Diagnoser().diagnose(e).first?.cause == .oomKilled)
    }

    @Test func withoutALimitOrInsideTheProbeWindowItDoesNotDecide() {
        let noLimit = Fx.evidence(limited(memory: nil), status: Fx.looping(exit: 137, reason: "Error", seconds: 45))
        #expect(OOMKilledRule().evaluate(Fx.context(noLimit)) == nil)
        // 135 s is inside the liveness kill window: a probe kill and a memory kill look alike there.
        let inWindow = Fx.evidence(limited(), status: Fx.looping(exit: 137, reason: "Error", seconds: 135))
        #expect(OOMKilledRule().evaluate(Fx.context(inWindow)) == nil)
        let clean = Fx.evidence(limited(), status: Fx.looping(exit: 143, reason: "Error", seconds: 45))
        #expect(OOMKilledRule().evaluate(Fx.context(clean)) == nil)
    }
}
