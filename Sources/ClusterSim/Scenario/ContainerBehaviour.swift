import Foundation

/// What the process inside one container instance does over time: start-up steps, then how it ends
/// (serves, hangs, crashes or is OOM-killed), and how it reacts to SIGTERM.
public struct ContainerBehaviour: Sendable, Hashable {
    /// Hugging Face model id printed in the logs (`deepseek-ai/DeepSeek-R1-Distill-Llama-8B`).
    public var modelID: String
    /// vLLM version printed in the banner; it also selects the logger prefix generation (0.7 / 0.8–0.9 / 0.10+).
    public var serverVersion: String
    /// Port the HTTP server listens on once start-up completes.
    public var port: Int
    /// Start-up steps in order; the health endpoint answers only after all of them (vLLM binds the
    /// socket early but only listens once the engine is built, so probes see `connection refused`).
    public var steps: [Step]
    public var outcome: Outcome
    public var sigterm: SigtermHandling
    /// uvicorn's own INFO lines (`Application startup complete.`) appear unless `--uvicorn-log-level warning`.
    public var uvicornInfoLogs: Bool

    public init(modelID: String, serverVersion: String = "0.7.1", port: Int = 8000, steps: [Step], outcome: Outcome,
                sigterm: SigtermHandling = .vllmKeyboardInterrupt, uvicornInfoLogs: Bool = true) {
        self.modelID = modelID
        self.serverVersion = serverVersion
        self.port = port
        self.steps = steps
        self.outcome = outcome
        self.sigterm = sigterm
        self.uvicornInfoLogs = uvicornInfoLogs
    }

    /// One start-up step.
    public enum Step: Sendable, Hashable {
        /// Python imports, argument parsing, config and tokenizer fetch.
        case boot(seconds: Double)
        /// Weights download (huggingface_hub, files in parallel sharing the bandwidth).
        case download(DownloadSpec)
        /// Loading the safetensors shards into GPU memory.
        case load(seconds: Double, shards: Int, weightsGiB: Double)
        /// Memory profiling, KV cache allocation and CUDA graph capture.
        case warmup(seconds: Double)

        /// A load of `seconds` over four shards of an 8B bf16 model.
        public static func load(seconds: Double) -> Step { .load(seconds: seconds, shards: 4, weightsGiB: 14.9888) }

        /// `files` split evenly into `shards` safetensors files of `bytes` in total.
        public static func download(bytes: Int64, shards: Int = 4, rateBytesPerSecond: Double,
                                    resumesFromCache: Bool, cachedAtFirstStart: Bool = false) -> Step {
            .download(DownloadSpec(files: ModelFile.shards(totalBytes: bytes, count: shards),
                                   rateBytesPerSecond: rateBytesPerSecond, resumesFromCache: resumesFromCache,
                                   cachedAtFirstStart: cachedAtFirstStart))
        }
    }

    /// How the instance ends if no probe kills it first.
    public enum Outcome: Sendable, Hashable {
        /// Serves after start-up; with `hangAfterSeconds` the health endpoint stops answering that long after
        /// serving began (probes time out).
        case serve(hangAfterSeconds: Double?)
        /// The process exits on its own `afterSeconds` after the container started (nil: when start-up ends).
        case crash(afterSeconds: Double?, exitCode: Int32, log: CrashLog)
        /// The kernel OOM killer ends it at the memory limit: runtime reason `OOMKilled`, exit 137.
        case oomKill(afterSeconds: Double?)
        /// Killed by SIGKILL for memory but reported as `Error` 137 (no OOMKilled reason, no probe events).
        case memoryLimitKillAsError(afterSeconds: Double?)

        // Conveniences named as in issue #4.
        public static let serving = Outcome.serve(hangAfterSeconds: nil)
        public static func hangAfter(seconds: Double) -> Outcome { .serve(hangAfterSeconds: seconds) }
        /// A crash printing verbatim lines; the runtime reason follows the exit code (0 `Completed`, else `Error`).
        public static func crash(afterSeconds: Double?, exitCode: Int32, logLines: [String]) -> Outcome {
            .crash(afterSeconds: afterSeconds, exitCode: exitCode, log: .lines(logLines))
        }
    }

    /// Reaction to the SIGTERM the kubelet sends when it kills the container.
    public enum SigtermHandling: Sendable, Hashable {
        /// Exits `afterSeconds` after SIGTERM with `exitCode`, printing `log` (reason `Completed` for 0, else `Error`).
        case exits(exitCode: Int32, afterSeconds: Double, log: [String])
        /// Keeps running until SIGKILL at the end of the grace period: exit 137, reason `Error`.
        case ignores

        /// vLLM's API server during start-up: its SIGTERM handler raises `KeyboardInterrupt("terminated")`
        /// (vllm/entrypoints/openai/api_server.py `run_server`, "Interrupt server on sigterm while initializing").
        public static let vllmKeyboardInterrupt = SigtermHandling.exits(exitCode: 0, afterSeconds: 1.2, log: [
            "Traceback (most recent call last):",
            "  File \"<frozen runpy>\", line 198, in _run_module_as_main",
            "  File \"<frozen runpy>\", line 88, in _run_code",
            "  File \"/usr/local/lib/python3.12/dist-packages/vllm/entrypoints/openai/api_server.py\", line 911, in <module>",
            "    uvloop.run(run_server(args))",
            "  File \"/usr/local/lib/python3.12/dist-packages/uvloop/__init__.py\", line 109, in run",
            "    return __asyncio.run(",
            "  File \"/usr/local/lib/python3.12/dist-packages/vllm/entrypoints/openai/api_server.py\", line 836, in signal_handler",
            "    raise KeyboardInterrupt(\"terminated\")",
            "KeyboardInterrupt: terminated",
        ])
    }
}

/// The weights download: which files, how fast, and whether bytes survive a container restart.
public struct DownloadSpec: Sendable, Hashable {
    public var files: [ModelFile]
    /// Total bandwidth, shared equally by the files being downloaded.
    public var rateBytesPerSecond: Double
    /// True when the Hugging Face cache is on a persistent volume: a restarted container resumes
    /// (`.incomplete` files survive); false when it lives in the container's writable layer and every
    /// restart starts from zero.
    public var resumesFromCache: Bool
    /// The model is already complete in the cache when the pod first starts (e.g. pre-filled PVC).
    public var cachedAtFirstStart: Bool

    public init(files: [ModelFile], rateBytesPerSecond: Double, resumesFromCache: Bool, cachedAtFirstStart: Bool = false) {
        self.files = files
        self.rateBytesPerSecond = rateBytesPerSecond
        self.resumesFromCache = resumesFromCache
        self.cachedAtFirstStart = cachedAtFirstStart
    }

    public var totalBytes: Int64 { files.reduce(0) { $0 + $1.bytes } }
}

/// One file of a model repository.
public struct ModelFile: Sendable, Hashable {
    public var name: String
    public var bytes: Int64
    public init(name: String, bytes: Int64) { self.name = name; self.bytes = bytes }

    /// `model-0000i-of-0000n.safetensors` files splitting `totalBytes` (the last takes the remainder).
    public static func shards(totalBytes: Int64, count: Int) -> [ModelFile] {
        let n = max(1, count)
        let each = totalBytes / Int64(n)
        func five(_ v: Int) -> String { String(repeating: "0", count: max(0, 5 - String(v).count)) + String(v) }
        return (1...n).map { i in
            ModelFile(name: "model-\(five(i))-of-\(five(n)).safetensors",
                      bytes: i == n ? totalBytes - each * Int64(n - 1) : each)
        }
    }
}

/// The log a crashing process leaves behind.
public enum CrashLog: Sendable, Hashable {
    /// vLLM engine start-up failing with `torch.OutOfMemoryError: CUDA out of memory. Tried to allocate …`.
    case cudaOutOfMemory(triedToAllocateMiB: Double, gpuTotalGiB: Double)
    /// huggingface_hub `GatedRepoError` (401) for a gated model without an accepted licence/token.
    case gatedRepo401
    /// Any verbatim lines.
    case lines([String])
}
