/// A recognisable line in a container log that explains how the process ended or why it cannot start.
public struct LogSignature: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// CUDA / HIP out of memory, "No available memory for the cache blocks".
        case gpuOutOfMemory
        /// 401/403 from the model hub: gated or private repo, missing/invalid token.
        case gatedModel
        /// Repository / model id not found (404, RepositoryNotFoundError, "is not a valid model identifier").
        case modelNotFound
        /// No GPU / driver: NVML not found, "Failed to infer device type", no CUDA devices.
        case noAccelerator
        /// NCCL / distributed init failure (TCPStore, NCCL error).
        case distributedInitFailure
        /// Bus error / shared memory too small (/dev/shm).
        case sharedMemory
        /// No space left on device.
        case diskFull
        /// Host memory exhaustion inside the process (MemoryError, std::bad_alloc, "Killed").
        case hostOutOfMemory
        /// Bad command-line arguments / config (argparse "error: unrecognized arguments", invalid flag).
        case badArguments
        /// The process received SIGTERM and shut down (vLLM "KeyboardInterrupt: terminated", graceful shutdown).
        case terminatedBySignal
        /// A worker timeout in the server framework (gunicorn "WORKER TIMEOUT").
        case workerTimeout
        /// An unhandled exception / traceback with no more specific signature.
        case unhandledException
    }
    public var kind: Kind
    /// The verbatim line (trimmed, at most ~300 characters).
    public var line: String
    public init(kind: Kind, line: String) { self.kind = kind; self.line = line }
}

/// Finds the log lines that explain a crash or shutdown (see `LogSignature.Kind`).
public enum LogSignatures {
    /// All signatures found in a log tail, in log order: at most one per line (the most specific kind),
    /// repeated identical lines reported once. A traceback or bare exception line is reported as
    /// `unhandledException` only when no other signature explains the log.
    public static func scan(_ lines: [String]) -> [LogSignature] {
        var found: [LogSignature] = []
        var generic: [LogSignature] = []
        for raw in lines {
            for segment in LogLineCleaner.segments(of: raw) {
                if let kind = SignatureRules.kind(of: segment) {
                    let sig = LogSignature(kind: kind, line: LogLineCleaner.evidence(segment, limit: 300))
                    if !found.contains(sig) { found.append(sig) }
                } else if SignatureRules.isGenericFailure(segment) {
                    let sig = LogSignature(kind: .unhandledException, line: LogLineCleaner.evidence(segment, limit: 300))
                    if !generic.contains(sig) { generic.append(sig) }
                }
            }
        }
        return found.isEmpty ? generic : found
    }

    /// The kinds found, most decisive first in `Kind` order, without duplicates.
    public static func kinds(in lines: [String]) -> [LogSignature.Kind] {
        let found = Set(scan(lines).map(\.kind))
        return LogSignature.Kind.allCases.filter(found.contains)
    }
}
