import Testing
@testable import Diagnosis

@Suite struct ProbeKillEventRuleTests {
    @Test func killingEventNamesTheProbe() throws {
        let e = Fx.evidence(status: Fx.looping(seconds: 165),
                            events: [Fx.refused("Liveness", count: 12, first: 1120, last: 1130), Fx.killing("liveness", count: 4, at: 1130)])
        var c = Fx.context(e)
        c.previousProgress = ProgressReport(phase: .download, downloadSeen: true, downloadCompleted: false, evidenceLines: ["model-00001-of-00004.safetensors:  40%"])
        let v = try #require(ProbeKillEventRule().evaluate(c))
        #expect(v.cause == .probeKillDuringDownload && v.probe == .liveness && v.confidence == .high)
        #expect(v.facts.contains { $0.source == .event && $0.text.contains("failed liveness probe") })
        #expect(v.facts.contains { $0.source == .spec && $0.text.contains("budget 135 s") })
    }

    @Test func unknownPhaseDefaultsToLoadWithMediumConfidence() throws {
        let e = Fx.evidence(Fx.plainServer(), status: Fx.looping(seconds: 165), events: [Fx.killing("liveness", at: 1130)])
        let v = try #require(ProbeKillEventRule().evaluate(Fx.context(e)))
        #expect(v.cause == .probeKillDuringLoad && v.confidence == .medium)
    }

    @Test func startupKillNamesStartup() throws {
        let c = Fx.aibrixQuickstart(startup: Fx.http(period: 10, failures: 30))
        let e = Fx.evidence(c, status: Fx.looping(seconds: 300), events: [Fx.killing("startup", at: 1300)])
        #expect(try #require(ProbeKillEventRule().evaluate(Fx.context(e))).probe == .startup)
    }

    @Test func noKillingEventNoVerdict() {
        let e = Fx.evidence(status: Fx.looping(), events: [Fx.event("Killing", "Stopping container vllm-openai", first: 1)])
        #expect(ProbeKillEventRule().evaluate(Fx.context(e)) == nil)
    }

    @Test func aKillingEventFromAnEarlierInstanceDoesNotExplainTheLatestExit() throws {
        // Killed by liveness at 1130; the latest instance started 1200 and exited 1 after 20 s.
        let e = Fx.evidence(status: Fx.looping(exit: 1, seconds: 20, start: 1200), events: [Fx.killing("liveness", at: 1130)])
        #expect(ProbeKillEventRule().evaluate(Fx.context(e)) == nil)
        #expect(Diagnoser().diagnose(e).first?.cause == .crash)
        // The same event right before the exit does explain it.
        let fresh = Fx.evidence(status: Fx.looping(seconds: 165, start: 1000), events: [Fx.killing("liveness", at: 1135)])
        #expect(ProbeKillEventRule().evaluate(Fx.context(fresh)) != nil)
    }
}
