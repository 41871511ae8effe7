import Testing
@testable import Diagnosis

@Suite struct KillPhaseTests {
    func phase(_ progress: ProgressReport?, container: Container = Fx.plainServer(), probe: ProbeKind = .liveness,
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
        let c = Fx.plainServer(startup: Fx.http(period: 10, failures: 30))
        #expect(phase(ProgressReport(phase: .download, downloadSeen: true), container: c).cause == .probeKillAfterReady)
        #expect(phase(nil, container: c, probe: .startup).cause == .probeKillDuringLoad)
    }

    @Test func runFarPastTheBudgetMeansItHadBeenUp() {
        #expect(phase(nil, longest: 3600).cause == .probeKillAfterReady)
    }

    @Test func aServingReplacementSaysNothingAboutTheKilledInstance() {
        let s = Fx.status("vllm-openai", restarts: 2, last: Fx.terminated(137, "Error", start: 0, end: 140), running: 141, ready: true)
        var c = Fx.context(Fx.evidence(Fx.plainServer(), status: s))
        c.currentProgress = ProgressReport(phase: .serving)
        #expect(c.progress == nil)
        #expect(KillPhase.classify(c, probe: .liveness, longestRun: 140).cause == .probeKillDuringLoad)
        c.previousProgress = ProgressReport(phase: .download, downloadSeen: true)
        #expect(KillPhase.classify(c, probe: .liveness, longestRun: 140).cause == .probeKillDuringDownload)
    }

    @Test func withoutLogsAHubModelWithoutPersistentCacheIsStillDownloading() {
        // 8B bf16 ≈ 16 GB at the assumed 50 MB/s ≈ 320 s, but every instance died at ~140 s.
        let r = phase(nil, container: Fx.aibrixQuickstart(), longest: 140)
        #expect(r.cause == .probeKillDuringDownload && !r.known)
        #expect(r.facts.first?.text.contains("deepseek-ai/DeepSeek-R1-Distill-Llama-8B") == true)
        // With the cache on a PVC the weights are there after the first start: no inference.
        var c = Fx.aibrixQuickstart()
        c.volumeMounts = [VolumeMount(name: "hf", mountPath: "/root/.cache/huggingface")]
        var ctx = Fx.context(Evidence(pod: Fx.pod([c], statuses: [Fx.looping()], volumes: [Volume(name: "hf", persistentVolumeClaim: .init(claimName: "hf"))]),
                                      observedAt: Fx.at(3600)))
        ctx.previousProgress = nil
        #expect(KillPhase.classify(ctx, probe: .liveness, longestRun: 140).cause == .probeKillDuringLoad)
        // On a fast link (500 MB/s → ~32 s) instances that lived 140 s were past the download.
        var fast = Fx.context(Fx.evidence(status: Fx.looping()))
        fast.settings.assumedBandwidthBytesPerSecond = 500_000_000
        #expect(KillPhase.classify(fast, probe: .liveness, longestRun: 140).cause == .probeKillDuringLoad)
    }
}
