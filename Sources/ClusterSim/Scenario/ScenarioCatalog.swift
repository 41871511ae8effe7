import Foundation

/// Built-in scenarios for the end-to-end tests, the benchmark and `restartwatch demo` (issue #4).
/// Each one documents, in `expected`, what a correct diagnosis says.
extension Scenario {
    static let vllmImage = "vllm/vllm-openai:v0.7.1"
    static let vllmImageID = "docker.io/vllm/vllm-openai@sha256:9cd69b577cf26df32aceb74577ea7f6749618a72e630f654ecb10dbfb23e3de4"
    static let aibrixModel = "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"
    static let aibrixName = "deepseek-r1-distill-llama-8b"

    /// The two safetensors files of DeepSeek-R1-Distill-Llama-8B (≈16.06 GB in bf16).
    static let aibrixFiles = [
        ModelFile(name: "model-00001-of-000002.safetensors", bytes: 8_670_000_000),
        ModelFile(name: "model-00002-of-000002.safetensors", bytes: 7_390_000_000),
    ]

    /// The AIBrix v0.2.0 quickstart container (corpus manifests/01-…-v0.2.0.yaml).
    static func aibrixContainer(startupProbe: ProbeSpec? = nil, mounts: [VolumeMountSpec] = []) -> ContainerSpec {
        ContainerSpec(
            name: "vllm-openai", image: vllmImage, imageID: vllmImageID,
            command: ["python3", "-m", "vllm.entrypoints.openai.api_server", "--host", "0.0.0.0", "--port", "8000",
                      "--uvicorn-log-level", "warning", "--model", aibrixModel, "--served-model-name", aibrixName,
                      "--max-model-len", "12288"],
            ports: [8000],
            livenessProbe: .health(initialDelay: 120, period: 5, failureThreshold: 3),
            readinessProbe: .health(initialDelay: 120, period: 5, failureThreshold: 5),
            startupProbe: startupProbe,
            limits: ["nvidia.com/gpu": "1"], requests: ["nvidia.com/gpu": "1"],
            volumeMounts: mounts)
    }

    static func aibrixBehaviour(rate: Double, resumes: Bool) -> ContainerBehaviour {
        ContainerBehaviour(
            modelID: aibrixModel,
            steps: [.boot(seconds: 12),
                    .download(DownloadSpec(files: aibrixFiles, rateBytesPerSecond: rate, resumesFromCache: resumes)),
                    .load(seconds: 9, shards: 2, weightsGiB: 14.9888), .warmup(seconds: 25)],
            outcome: .serving, uvicornInfoLogs: false)
    }

    static let aibrixLabels = ["model.aibrix.ai/name": aibrixName, "model.aibrix.ai/port": "8000"]

    /// AIBrix quickstart (issue #772): liveness 120 s + 3 × 5 s, no cache volume, ≈16.06 GB at ≈50 MB/s.
    /// Every instance is killed ≈130–135 s after it starts with ≈6 GB downloaded and starts again from zero,
    /// so it never converges: immediate restarts, then CrashLoopBackOff gaps once the window outgrows a cycle.
    public static func aibrixQuickstart(seed: UInt64 = 772) -> Scenario {
        Scenario(
            id: "aibrixQuickstart",
            summary: "AIBrix quickstart vLLM pod killed by its liveness probe while downloading DeepSeek-R1-Distill-Llama-8B",
            expected: ExpectedDiagnosis(
                cause: "probe-kill-during-download", probe: "liveness",
                observeAfterSeconds: 600,
                notes: "Killing 'failed liveness probe' ≈130–135 s after each start (budget 120 + 3×5 s); previous logs "
                    + "show the safetensors download at ≈37% (≈6 GB of 16.06 GB at ≈50 MB/s) and 'KeyboardInterrupt: "
                    + "terminated'; no cache volume, so each restart downloads from zero. Fix: a startupProbe whose "
                    + "budget covers ≈321 s download + ≈46 s load/warm-up with margin, and a PVC for /root/.cache/huggingface."),
            deploymentName: aibrixName, seed: seed, container: aibrixContainer(),
            imagePull: .pull(seconds: 94.312, sizeBytes: 16_525_161_745),
            behaviour: aibrixBehaviour(rate: 50_000_000, resumes: false), extraLabels: aibrixLabels)
    }

    /// The AIBrix quickstart after the fix restartwatch proposes: a startupProbe of 10 s × 48 (480 s budget)
    /// and the Hugging Face cache on a PVC. It downloads (≈321 s), loads, warms up and becomes Ready.
    public static func fixedWithStartupProbe(seed: UInt64 = 773) -> Scenario {
        let startup = ProbeSpec(handler: .httpGet(path: "/health", port: 8000), periodSeconds: 10, failureThreshold: 48)
        var s = aibrixQuickstart(seed: seed)
        s.id = "fixedWithStartupProbe"
        s.summary = "AIBrix quickstart with a 480 s startupProbe and a model-cache PVC: becomes ready"
        s.expected = ExpectedDiagnosis(cause: "none", observeAfterSeconds: 600,
            notes: "Startup probe failures (connection refused) while "
            + "downloading are expected and harmless: no Killing, the pod becomes Ready at ≈370 s. No finding.")
        s.container = aibrixContainer(startupProbe: startup,
                                      mounts: [VolumeMountSpec(name: "model-cache", mountPath: "/root/.cache/huggingface")])
        s.volumes = [VolumeSpec(name: "model-cache", source: .persistentVolumeClaim(claimName: "\(aibrixName)-cache"))]
        s.behaviour = aibrixBehaviour(rate: 50_000_000, resumes: true)
        return s
    }

    /// AIBrix PR #773's "fix" (corpus manifests/02): a startupProbe of 30 × 5 s = 150 s, liveness and readiness
    /// at 0 + 3 × 5 s, still no cache volume. The startup probe now kills each instance ≈145–150 s in, mid-download.
    public static func aibrixStartupProbeTooShort(seed: UInt64 = 7731) -> Scenario {
        let health = ProbeHandler.httpGet(path: "/health", port: 8000)
        var s = aibrixQuickstart(seed: seed)
        s.id = "aibrixStartupProbeTooShort"
        s.summary = "AIBrix quickstart after PR #773: a 150 s startupProbe still kills the pod mid-download"
        s.expected = ExpectedDiagnosis(cause: "probe-kill-during-download", probe: "startup",
            observeAfterSeconds: 600,
            notes: "Killing 'failed startup probe' ≈145–150 s after each start (budget 0 + 30×5 s) with the download "
                + "at ≈42%; having a startupProbe is not enough: its budget must cover ≈367 s (download + load + "
                + "warm-up) with margin, and the cache needs a PVC.")
        var c = aibrixContainer(startupProbe: ProbeSpec(handler: health, periodSeconds: 5, failureThreshold: 30))
        c.livenessProbe = ProbeSpec(handler: health, periodSeconds: 5, failureThreshold: 3)
        c.readinessProbe = ProbeSpec(handler: health, periodSeconds: 5, failureThreshold: 5)
        s.container = c
        return s
    }

    /// A download that is slow but fits the startup budget (≈207 s needed, 600 s allowed): no finding.
    public static func slowStartSucceedsWithinBudget(seed: UInt64 = 11) -> Scenario {
        let startup = ProbeSpec(handler: .httpGet(path: "/health", port: 8000), periodSeconds: 10, failureThreshold: 60)
        var s = aibrixQuickstart(seed: seed)
        s.id = "slowStartSucceedsWithinBudget"
        s.summary = "Cold 16 GB download at 100 MB/s inside a 600 s startupProbe budget: Ready, no restarts"
        s.expected = ExpectedDiagnosis(cause: "none", observeAfterSeconds: 300,
            notes: "Startup probe failures while downloading, then Ready "
            + "at ≈207 s with restartCount 0 and no Killing: restartwatch must report nothing.")
        s.container = aibrixContainer(startupProbe: startup,
                                      mounts: [VolumeMountSpec(name: "model-cache", mountPath: "/root/.cache/huggingface")])
        s.volumes = [VolumeSpec(name: "model-cache", source: .persistentVolumeClaim(claimName: "\(aibrixName)-cache"))]
        s.imagePull = .alreadyPresent
        s.behaviour = aibrixBehaviour(rate: 100_000_000, resumes: true)
        return s
    }

    /// All built-in scenarios.
    public static var catalog: [Scenario] {
        [aibrixQuickstart(), aibrixStartupProbeTooShort(), startupProbeKillDuringLoad(), livenessKillAfterReady(), oomKilled(),
         cudaOOMCrashWithStartupProbeRefused(), gatedModel401Crash(), memoryLimitKillAsError(),
         slowStartSucceedsWithinBudget(), fixedWithStartupProbe()]
    }

    /// A built-in scenario by `id`.
    public static func named(_ id: String) -> Scenario? { catalog.first { $0.id == id } }
}
