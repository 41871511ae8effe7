/// `crash.log-signature`: the log shows why the process exited on its own (CUDA OOM, gated model, wrong
/// model id, no GPU, NCCL, /dev/shm, disk full, bad arguments). Probe failures around it are symptoms.
public struct CrashSignatureRule: DiagnosisRule {
    public let id = "crash.log-signature"
    /// Signatures that name a cause by themselves.
    static let decisive: [LogSignature.Kind] = [
        .gpuOutOfMemory, .gatedModel, .modelNotFound, .noAccelerator, .distributedInitFailure, .sharedMemory,
        .diskFull, .hostOutOfMemory, .badArguments,
    ]
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        let specific = c.signatures.filter { Self.decisive.contains($0.kind) }
        if !specific.isEmpty { return verdict(c, specific, confidence: .high) }
        // A bare traceback is weaker: vLLM prints one for `KeyboardInterrupt: terminated` when a probe kill
        // sends SIGTERM, so it only counts when no shutdown signal and no probe kill is on record.
        let tracebacks = c.signatures.filter { $0.kind == .unhandledException }
        guard !tracebacks.isEmpty, !c.has(.terminatedBySignal), c.probeKillsForLatestRun.isEmpty else { return nil }
        return verdict(c, tracebacks, confidence: .medium)
    }

    func verdict(_ c: ContainerContext, _ sigs: [LogSignature], confidence: Confidence) -> Verdict {
        var facts = Facts.status(c)
        var seen = Set<String>()
        for s in sigs where seen.insert(s.line).inserted && seen.count <= 3 {
            facts.append(Fact(.log, "\(s.kind.rawValue): \(s.line)"))
        }
        let probeEvents = c.events(where: { if case .unhealthy = $0 { return true }; return false })
        if !probeEvents.isEmpty {
            facts.append(Fact(.computed, "probe failures are a symptom: the server exited before it could answer"))
            facts += Facts.events(probeEvents, limit: 1)
        }
        let names = Array(Set(sigs.map { $0.kind.rawValue })).sorted().joined(separator: ", ")
        return Verdict(cause: .crash, confidence: confidence, facts: facts, rule: id,
                       summary: "The server process failed on its own (\(names)); a longer probe budget would not help.")
    }
}
