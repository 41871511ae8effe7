import Testing
@testable import Diagnosis

@Suite struct KillPhaseTests {
    func phase(_ progress: ProgressReport?, container: Container = Fx.aibrixQuickstart(), probe: ProbeKind = .liveness,
               longest: Double? = 140) -> KillPhase.Result {
        var c = Fx.context(Fx.evidence(container, status: Fx.looping()))
        c.previousProgress = progress
        return KillPhase.classify(c, probe: probe, longestRun: longest)
    }

    @Test func logsDecideDownloadVersusLoad() {
        #expect(phase(ProgressReport(phase: .download, downloadSeen: true)).cause == .probeKillDuringDownload)
        #expect(phase(ProgressReport(phase: .load, downloadSeen: true, downloadCompleted: true)).cause == .probeKillDuringLoad)
        #expect(phase(ProgressReport(phase: .warmup)).cause == .probeKillDuringLoad)
        #expect(phase(ProgressReport(phase: .serving)).cause == .probeKillAfterReady)
        let unknown = phase(nil)
        #expect(unknown.cause == .probeKillDuringLoad && !unknown.known)
    }

    @Test func livenessKillBehindAStartupProbeIsAfterReady() {
        let c = Fx.aibrixQuickstart(startup: Fx.http(period: 10, failures: 30))
        #expect(phase(ProgressReport(phase: .download, downloadSeen: true), container: c).cause == .probeKillAfterReady)
        #expect(phase(nil, container: c, probe: .startup).cause == .probeKillDuringLoad)
    }

    @Test func runFarPastTheBudgetMeansItHadBeenUp() {
        #expect(phase(nil, longest: 3600).cause == .probeKillAfterReady)
    }

    @Test func aServingReplacementSaysNothingAboutTheKilledInstance() {
        let s = Fx.status("vllm-openai", restarts: 2, last: Fx.terminated(137, "Error", start: 0, end: 140), running: 141, ready: true)
        var c = Fx.context(Fx.evidence(status: s))
        c.currentProgress = ProgressReport(phase: .serving)
        #expect(c.progress == nil)
        #expect(KillPhase.classify(c, probe: .liveness, longestRun: 140).cause == .probeKillDuringLoad)
        c.previousProgress = ProgressReport(phase: .download, downloadSeen: true)
        #expect(KillPhase.classify(c, probe: .liveness, longestRun: 140).cause == .probeKillDuringDownload)
    }
}
