import Testing
@testable import Diagnosis

/// "Killed 5 times, each 133–137 s after start; budget 135 s" — the signature that survives expired events.
@Suite struct ProbeKillTimingRuleTests {
    func history(_ seconds: [Double]) -> [ContainerRun] {
        seconds.enumerated().map { i, s in Fx.run(137, "Error", start: Double(i) * 400, seconds: s) }
    }

    @Test func fiveRunsInsideTheWindowWithoutEvents() throws {
        let e = Fx.evidence(status: Fx.looping(seconds: 137, start: 2400), history: history([133, 135, 136, 134]))
        var c = Fx.context(e)
        c.previousProgress = ProgressReport(phase: .download, downloadSeen: true)
        let v = try #require(ProbeKillTimingRule().evaluate(c))
        #expect(v.cause == .probeKillDuringDownload && v.probe == .liveness && v.confidence == .high)
        #expect(v.facts.contains { $0.text.contains("5 terminated runs") && $0.text.contains("5 inside") })
        #expect(v.facts.contains { $0.text.contains("expire") })
        #expect(v.summary.hasSuffix("killed 5 times, each 133–137 s after start; budget 135 s."))
    }

    @Test func twoRunsWithoutEventsAreMedium() throws {
        let e = Fx.evidence(status: Fx.looping(seconds: 160, start: 800), history: history([140]))
        #expect(try #require(ProbeKillTimingRule().evaluate(Fx.context(e))).confidence == .medium)
    }

    @Test func oneRunAndNothingElseIsUndecided() {
        // 137/Error once, in the window, no events: a memory kill looks the same.
        #expect(ProbeKillTimingRule().evaluate(Fx.context(Fx.evidence(status: Fx.looping(seconds: 140)))) == nil)
    }

    @Test func oneRunWithUnhealthyEventsIsMedium() throws {
        let e = Fx.evidence(status: Fx.looping(seconds: 140), events: [Fx.refused("Liveness", count: 3, first: 1120, last: 1130)])
        #expect(try #require(ProbeKillTimingRule().evaluate(Fx.context(e))).confidence == .medium)
    }

    @Test func probeErrorsAreNotFailures() {
        // The prober throws an errored result away (worker.go), so it is no evidence of a kill.
        let e = Fx.evidence(status: Fx.looping(seconds: 140),
                            events: [Fx.event("Unhealthy", "Liveness probe errored: rpc error: code = Unknown", type: "Warning", count: 3, first: 1120, last: 1130)])
        #expect(ProbeKillTimingRule().evaluate(Fx.context(e)) == nil)
    }

    @Test func runsOutsideTheWindowDoNotCount() {
        let e = Fx.evidence(status: Fx.looping(seconds: 40), history: history([41, 39, 40]))
        #expect(ProbeKillTimingRule().evaluate(Fx.context(e)) == nil)
        let mixed = Fx.evidence(status: Fx.looping(seconds: 136, start: 1600), history: history([135, 30, 136]))
        #expect(ProbeKillTimingRule().evaluate(Fx.context(mixed)) == nil)
    }

    @Test func startupBudgetIsTheOneThatCounts() throws {
        // startupProbe 0 + 30 × 10 = 300 s: runs of 300–330 s are startup kills; liveness never ran.
        let c = Fx.aibrixQuickstart(startup: Fx.http(period: 10, failures: 30))
        let e = Fx.evidence(c, status: Fx.looping(seconds: 330, start: 1400), history: history([301, 329, 300]))
        let v = try #require(ProbeKillTimingRule().evaluate(Fx.context(e)))
        #expect(v.probe == .startup)
    }

    @Test func nonSignalExitsAreIgnored() {
        let e = Fx.evidence(status: Fx.looping(exit: 1, seconds: 136, start: 1600), history: history([135, 136, 134]).map { r in
            var r = r; r.exitCode = 1; return r
        })
        #expect(ProbeKillTimingRule().evaluate(Fx.context(e)) == nil)
    }
}
