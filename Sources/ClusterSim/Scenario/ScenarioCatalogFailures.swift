import Foundation

/// Built-in scenarios where the pod restarts for a reason the diagnosis must get exactly right:
/// a startup-probe kill during load, a liveness kill after ready, and four causes that are NOT the probes.
extension Scenario {
    static let cacheMount = VolumeMountSpec(name: "model-cache", mountPath: "/root/.cache/huggingface")

    static func cachedBehaviour(model: String, bytes: Int64, shards: Int, boot: Double, load: Double, gib: Double,
                                warmup: Double, outcome: ContainerBehaviour.Outcome,
                                sigterm: ContainerBehaviour.SigtermHandling = .vllmKeyboardInterrupt) -> ContainerBehaviour {
        ContainerBehaviour(
            modelID: model,
            steps: [.boot(seconds: boot),
                    .download(bytes: bytes, shards: shards, rateBytesPerSecond: 200_000_000, resumesFromCache: true,
                              cachedAtFirstStart: true),
                    .load(seconds: load, shards: shards, weightsGiB: gib), .warmup(seconds: warmup)],
            outcome: outcome, sigterm: sigterm)
    }

    static func vllmContainer(model: String, gpus: Int, memory: String, liveness: ProbeSpec?, readiness: ProbeSpec?,
                              startup: ProbeSpec?, extraArgs: [String] = []) -> ContainerSpec {
        ContainerSpec(
            name: "vllm", image: vllmImage, imageID: vllmImageID,
            args: ["--model", model, "--port", "8000"] + extraArgs, ports: [8000],
            livenessProbe: liveness, readinessProbe: readiness, startupProbe: startup,
            limits: ["nvidia.com/gpu": String(gpus), "memory": memory],
            requests: ["nvidia.com/gpu": String(gpus), "memory": memory, "cpu": "8"],
            volumeMounts: [cacheMount])
    }

    static func cacheVolume(_ name: String) -> [VolumeSpec] {
        [VolumeSpec(name: "model-cache", source: .persistentVolumeClaim(claimName: "\(name)-cache"))]
    }

    /// A 70B model already on a PVC takes ≈4.5 min to load, but the startupProbe allows 10 s × 18 = 180 s:
    /// killed mid-load every time (the cache does not help: loading, not downloading, is slow).
    public static func startupProbeKillDuringLoad(seed: UInt64 = 21) -> Scenario {
        let model = "meta-llama/Llama-3.3-70B-Instruct"
        return Scenario(
            id: "startupProbeKillDuringLoad",
            summary: "Llama-3.3-70B on a PVC killed by a 180 s startupProbe while loading its 30 shards",
            expected: ExpectedDiagnosis(cause: "probe-kill-during-load", probe: "startup",
                observeAfterSeconds: 600,
                notes: "Killing 'failed startup probe' ≈170–180 s after each start while previous logs show "
                    + "'Loading safetensors checkpoint shards' at ≈55%; the model is on a PVC (no download). Need ≈315 s "
                    + "(15 s boot + 260 s load + 40 s warm-up): raise failureThreshold so 10 s × N covers it with margin."),
            namespace: "llm", deploymentName: "llama-70b", seed: seed,
            container: vllmContainer(model: model, gpus: 4, memory: "200Gi",
                                     liveness: .health(period: 10, failureThreshold: 3),
                                     readiness: .health(period: 5, failureThreshold: 3),
                                     startup: .health(period: 10, failureThreshold: 18),
                                     extraArgs: ["--tensor-parallel-size", "4"]),
            volumes: cacheVolume("llama-70b"),
            behaviour: cachedBehaviour(model: model, bytes: 141_100_000_000, shards: 30, boot: 15, load: 260, gib: 32.9,
                                       warmup: 40, outcome: .serve(hangAfterSeconds: nil)))
    }

    /// Serves for 10 minutes, then the engine hangs: /health times out, the liveness probe (10 s × 3, 1 s
    /// timeout) kills it, it ignores SIGTERM and dies by SIGKILL (137) after 30 s. Repeats every ≈12 min.
    public static func livenessKillAfterReady(seed: UInt64 = 36) -> Scenario {
        let model = "Qwen/Qwen2.5-7B-Instruct"
        return Scenario(
            id: "livenessKillAfterReady",
            summary: "vLLM serves, then hangs; liveness timeouts kill it (SIGKILL after the grace period)",
            expected: ExpectedDiagnosis(cause: "probe-kill-after-ready", probe: "liveness",
                observeAfterSeconds: 800,
                notes: "The container was Ready and logged 'Application startup complete.' before Unhealthy "
                    + "'context deadline exceeded' liveness failures and Killing; exit 137 Error after the 30 s grace. "
                    + "Not a start-up problem: a startupProbe does not fix it."),
            namespace: "serving", deploymentName: "qwen-7b", seed: seed,
            container: vllmContainer(model: model, gpus: 1, memory: "48Gi",
                                     liveness: .health(period: 10, failureThreshold: 3),
                                     readiness: .health(period: 5, failureThreshold: 3),
                                     startup: .health(period: 10, failureThreshold: 60)),
            volumes: cacheVolume("qwen-7b"),
            behaviour: cachedBehaviour(model: model, bytes: 15_230_000_000, shards: 4, boot: 12, load: 20, gib: 14.25,
                                       warmup: 20, outcome: .serve(hangAfterSeconds: 600), sigterm: .ignores))
    }

    /// Loading weights through host memory exceeds the 24Gi limit: OOMKilled 137 ≈48 s after each start.
    public static func oomKilled(seed: UInt64 = 20) -> Scenario {
        let model = aibrixModel
        return Scenario(
            id: "oomKilled",
            summary: "vLLM OOM-killed at its 24Gi memory limit while loading weights; startup probe failures are noise",
            expected: ExpectedDiagnosis(cause: "oom-killed",
                observeAfterSeconds: 300,
                notes: "lastState.terminated reason OOMKilled, exit 137; no Killing event. Startup probe 'connection "
                    + "refused' events must NOT be blamed. Fix: raise the memory limit."),
            namespace: "llm", deploymentName: "r1-8b", seed: seed,
            container: vllmContainer(model: model, gpus: 1, memory: "24Gi", liveness: .health(period: 10),
                                     readiness: .health(period: 5), startup: .health(period: 10, failureThreshold: 30)),
            volumes: cacheVolume("r1-8b"),
            behaviour: cachedBehaviour(model: model, bytes: 16_060_000_000, shards: 2, boot: 12, load: 60, gib: 14.9888,
                                       warmup: 25, outcome: .oomKill(afterSeconds: 48)))
    }

    /// The engine dies with `torch.OutOfMemoryError: CUDA out of memory` ≈20 s after start (exit 1, Error);
    /// a 5 s startupProbe logs 'connection refused' failures meanwhile (corpus case 019, aibrix #1054).
    public static func cudaOOMCrashWithStartupProbeRefused(seed: UInt64 = 1054) -> Scenario {
        let model = aibrixModel
        return Scenario(
            id: "cudaOOMCrashWithStartupProbeRefused",
            summary: "CUDA out of memory ≈20 s after each start; startup probe failures are a symptom, not the cause",
            expected: ExpectedDiagnosis(cause: "crash",
                observeAfterSeconds: 120,
                notes: "Previous logs end in 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 448.00 MiB'; "
                    + "exit 1 Error with no Killing event; 'Startup probe failed: … connection refused' events only show "
                    + "the server was not up. Must not be blamed on the probe; fix GPU memory (smaller model, "
                    + "--max-model-len, --gpu-memory-utilization)."),
            deploymentName: aibrixName, seed: seed,
            container: vllmContainer(model: model, gpus: 1, memory: "32Gi", liveness: .health(period: 5),
                                     readiness: .health(period: 5), startup: .health(period: 5, failureThreshold: 60)),
            volumes: cacheVolume(aibrixName),
            behaviour: cachedBehaviour(model: model, bytes: 16_060_000_000, shards: 2, boot: 8, load: 10, gib: 14.9888,
                                       warmup: 20, outcome: .crash(afterSeconds: 20.5, exitCode: 1,
                                                                   log: .cudaOutOfMemory(triedToAllocateMiB: 448,
                                                                                         gpuTotalGiB: 14.58))))
    }

    /// A gated Llama model without an HF token: `GatedRepoError` 401 ≈6.5 s after start, exit 1.
    public static func gatedModel401Crash(seed: UInt64 = 605) -> Scenario {
        let model = "meta-llama/Llama-3.1-8B-Instruct"
        return Scenario(
            id: "gatedModel401Crash",
            summary: "Gated model without a Hugging Face token: 401 GatedRepoError crash loop",
            expected: ExpectedDiagnosis(cause: "crash",
                observeAfterSeconds: 120,
                notes: "Previous logs: 'huggingface_hub.errors.GatedRepoError: 401 Client Error' and 'Cannot access "
                    + "gated repo'; exit 1 Error, CrashLoopBackOff. Fix: HF_TOKEN secret with access to the repo. "
                    + "Never a probe problem."),
            namespace: "llm", deploymentName: "llama-3-1-8b", seed: seed,
            container: vllmContainer(model: model, gpus: 1, memory: "32Gi", liveness: .health(initialDelay: 15, period: 10),
                                     readiness: .health(initialDelay: 5, period: 5), startup: nil),
            volumes: cacheVolume("llama-3-1-8b"),
            behaviour: ContainerBehaviour(modelID: model, steps: [.boot(seconds: 10)],
                                          outcome: .crash(afterSeconds: 6.5, exitCode: 1, log: .gatedRepo401)))
    }

    /// Killed for memory but reported as exit 137 reason Error (no OOMKilled), before any probe runs.
    public static func memoryLimitKillAsError(seed: UInt64 = 137) -> Scenario {
        let model = aibrixModel
        return Scenario(
            id: "memoryLimitKillAsError",
            summary: "137/Error ≈45 s after start during weight loading under a 16Gi limit; no probe ever ran",
            expected: ExpectedDiagnosis(cause: "oom-killed",
                observeAfterSeconds: 200,
                notes: "Exit 137 reason Error, no Killing and no Unhealthy events (liveness initialDelay 300 s never "
                    + "reached); logs stop mid 'Loading safetensors checkpoint shards' under a 16Gi memory limit. "
                    + "'insufficient-evidence' is also acceptable; a probe cause is always wrong."),
            namespace: "llm", deploymentName: "r1-8b-small", seed: seed,
            container: vllmContainer(model: model, gpus: 1, memory: "16Gi",
                                     liveness: .health(initialDelay: 300, period: 10), readiness: nil, startup: nil),
            volumes: cacheVolume("r1-8b-small"),
            behaviour: cachedBehaviour(model: model, bytes: 16_060_000_000, shards: 2, boot: 12, load: 60, gib: 14.9888,
                                       warmup: 25, outcome: .memoryLimitKillAsError(afterSeconds: 45)))
    }
}
