import Testing
@testable import Diagnosis

/// Complete positive fixtures built from the kubelet's exact behaviour, and the look-alikes that must not
/// be blamed on a probe.
@Suite struct ScenarioFixtureTests {
    /// The AIBrix quickstart loop: liveness 120 + 3 × 5 s, 8B model downloading into the writable layer.
    func quickstart(withEvents: Bool) -> Evidence {
        let history = [Fx.run(137, "Error", start: 0, seconds: 165), Fx.run(137, "Error", start: 166, seconds: 136),
                       Fx.run(137, "Error", start: 312, seconds: 166), Fx.run(137, "Error", start: 520, seconds: 164)]
        let events = withEvents ? [
            Fx.refused("Liveness", count: 15, first: 120, last: 1130),
            Fx.refused("Readiness", count: 120, first: 5, last: 1130),
            Fx.killing("liveness", count: 5, at: 1130),
            Fx.backOff(count: 3, first: 700, last: 1000),
        ] : []
        return Fx.evidence(status: Fx.looping(seconds: 165, restarts: 5, start: 1000), events: events, history: history,
                           logs: ContainerLogs(current: Array(ScenarioLogs.quickstartDownload.prefix(4)),
                                               previous: ScenarioLogs.quickstartDownload),
                           observed: 1200)
    }

    @Test(arguments: [true, false])
    func livenessKillDuringDownloadWithoutPersistentCache(withEvents: Bool) throws {
        let f = try #require(Diagnoser().diagnose(quickstart(withEvents: withEvents)).first)
        #expect(f.cause.isProbeKill && f.probe == .liveness)
        #expect(f.rule == (withEvents ? "probe-kill.event" : "probe-kill.timing"))
        #expect(f.facts.contains { $0.source == .spec && $0.text.contains("budget 135 s") })
        #expect(f.cause == .probeKillDuringDownload)
        #expect(f.confidence == .high)
        #expect(f.facts.contains { $0.text.contains("never converges") })
        #expect(f.remediation?.persistentCacheNeeded == true)
        let r = try #require(f.remediation)
        let probe = try #require(r.startupProbe)
        #expect(Double(probe.budgetSeconds) >= ScenarioLogs.quickstartTrueNeedSeconds)
        #expect(Double(probe.budgetSeconds) <= 2 * ScenarioLogs.quickstartTrueNeedSeconds)
        #expect(r.needSeconds >= Int(ScenarioLogs.quickstartTrueNeedSeconds) - 30)
        #expect(f.owner?.kind == "Deployment" && f.owner?.name == "llama-8b")
    }

    @Test func startupProbeKillDuringLoad() throws {
        var c = Fx.aibrixQuickstart(startup: Fx.http(period: 10, failures: 30, timeout: 5))
        c.volumeMounts = [VolumeMount(name: "hf-cache", mountPath: "/root/.cache/huggingface")]
        let history = [Fx.run(137, "Error", start: 0, seconds: 330), Fx.run(137, "Error", start: 331, seconds: 329)]
        var e = Fx.evidence(c, status: Fx.looping(seconds: 331, restarts: 3, start: 700),
                            events: [Fx.refused("Startup", count: 90, first: 10, last: 1000), Fx.killing("startup", count: 3, at: 1000)],
                            history: history, logs: ContainerLogs(previous: ScenarioLogs.largeLoad),
                            volumes: [Volume(name: "hf-cache", persistentVolumeClaim: .init(claimName: "hf-cache"))], observed: 1100)
        e.owners = [WorkloadRef(apiVersion: "apps/v1", kind: "ReplicaSet", name: "llama-8b-6c9f7d5b8", namespace: "ml"),
                    WorkloadRef(apiVersion: "apps/v1", kind: "Deployment", name: "llama-8b", namespace: "ml")]
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(f.cause == .probeKillDuringLoad && f.probe == .startup)
        #expect(f.facts.contains { $0.text.contains("failed startup probe") })
        #expect(f.confidence == .high)
        #expect(f.facts.contains { $0.source == .log && $0.text.contains("Loading safetensors checkpoint shards") })
        let probe = try #require(f.remediation?.startupProbe)
        #expect(Double(probe.budgetSeconds) >= ScenarioLogs.largeLoadTrueNeedSeconds)
        #expect(Double(probe.budgetSeconds) <= 2 * ScenarioLogs.largeLoadTrueNeedSeconds)
        #expect(f.remediation?.persistentCacheNeeded == false)
    }

    @Test func livenessKillAfterReady() throws {
        let e = Fx.evidence(status: Fx.status("vllm-openai", restarts: 1, last: Fx.terminated(137, "Error", start: 0, end: 5030), running: 5031),
                            events: [Fx.timeout("Liveness", count: 3, first: 5000, last: 5000), Fx.killing("liveness", at: 5000)],
                            logs: ContainerLogs(current: ["INFO 06-01 11:24:02 api_server.py:838] vLLM API server version 0.7.1"],
                                                previous: ScenarioLogs.serving), observed: 5100)
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(f.cause == .probeKillAfterReady && f.probe == .liveness && f.remediation == nil)
    }

    @Test func oomKilledIsNotAProbeKill() throws {
        let e = Fx.evidence(status: Fx.looping(exit: 137, reason: "OOMKilled", seconds: 140),
                            events: [Fx.refused("Liveness", count: 6, first: 120, last: 1130)], observed: 1200)
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(f.cause == .oomKilled && f.remediation == nil)
    }

    @Test func cudaOOMCrashWithStartupProbeSymptoms() throws {
        // aibrix#1054: "Startup probe failed … connection refused" x3 and CrashLoopBackOff; the server died of CUDA OOM.
        let c = Fx.aibrixQuickstart(startup: Fx.http(period: 5, failures: 60))
        let e = Fx.evidence(c, status: Fx.looping(exit: 1, seconds: 39, restarts: 5, start: 1000),
                            events: [Fx.refused("Startup", count: 3, first: 1005, last: 1015), Fx.backOff(count: 20, first: 100, last: 1100)],
                            history: [Fx.run(1, "Error", start: 600, seconds: 41)],
                            logs: ContainerLogs(previous: ScenarioLogs.cudaOOM), observed: 1100)
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(!f.cause.isProbeKill && f.cause == .crash && f.remediation == nil)
        #expect(f.rule == "crash.log-signature")
        #expect(f.facts.contains { $0.text.contains("CUDA out of memory") })
    }

    @Test func gatedModelCrash() throws {
        let e = Fx.evidence(status: Fx.looping(exit: 1, seconds: 14, start: 1000), history: [Fx.run(1, "Error", start: 900, seconds: 15)],
                            logs: ContainerLogs(previous: ScenarioLogs.gated), observed: 1100)
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(f.cause == .crash)
        #expect(f.rule == "crash.log-signature" && f.facts.contains { $0.text.contains("gatedModel") })
    }

    @Test(arguments: [[140.0], [95.0, 300.0], [140.0, 610.0]])
    func memoryLimitKillReportedAsErrorIsNotBlamedOnTheProbe(runs: [Double]) throws {
        // Kernel cgroup kills that the runtime reported as 137/Error, no events, no logs.
        let history = runs.dropLast().enumerated().map { i, s in Fx.run(137, "Error", start: Double(i) * 1000, seconds: s) }
        let e = Fx.evidence(status: Fx.looping(seconds: runs.last!, restarts: runs.count, start: 5000), history: Array(history), observed: 6000)
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(!f.cause.isProbeKill)
        #expect(f.cause == .insufficientEvidence)
    }

    @Test func slowStartInsideItsBudgetIsHealthy() {
        let c = Fx.aibrixQuickstart(startup: Fx.http(period: 10, failures: 60))
        let s = Fx.status("vllm-openai", restarts: 0, last: nil, running: 0, ready: true, started: true)
        let e = Fx.evidence(c, status: s, events: [Fx.refused("Startup", count: 35, first: 10, last: 350)],
                            logs: ContainerLogs(current: ScenarioLogs.quickstartDownload + ScenarioLogs.serving), observed: 400)
        #expect(Diagnoser().diagnose(e).isEmpty)
    }

    @Test func liveness404IsOther() throws {
        let e = Fx.evidence(status: Fx.status("vllm-openai", restarts: 6, last: Fx.terminated(137, "Error", start: 900, end: 1065), running: 1066),
                            events: [Fx.event("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404", type: "Warning", count: 18, first: 125, last: 1060),
                                     Fx.killing("liveness", count: 6, at: 1060)], observed: 1100)
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(f.cause == .other && f.probe == .liveness && f.remediation == nil)
    }
}
