/// `oom-killed`: the container hit its memory limit; the runtime reports reason `OOMKilled` (kubernetes-facts §3.5).
public struct OOMKilledRule: DiagnosisRule {
    public let id = "oom-killed"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        let oom = c.runs.filter { $0.reason == "OOMKilled" }
        guard !oom.isEmpty else { return memoryEvidenceKill(c) }
        var facts = Facts.status(c)
        if oom.count > 1 || c.status?.lastState?.terminated?.reason != "OOMKilled" {
            facts.append(Fact(.history, "\(oom.count) of \(c.runs.count) recorded terminations were OOMKilled"))
        }
        if let limit = c.spec?.resources?.limits?["memory"] { facts.append(Fact(.spec, "memory limit \(limit)")) }
        return Verdict(cause: .oomKilled, confidence: .high, facts: facts, rule: id,
                       summary: "The container was killed for exceeding its memory limit (OOMKilled), not by a probe.")
    }

    /// 137/Error plus the process's own memory complaint (`Killed`, MemoryError, bad_alloc) in the log:
    /// a memory kill the runtime did not label OOMKilled (the "137 with memory evidence").
    func memoryEvidenceKill(_ c: ContainerContext) -> Verdict? {
        guard c.runs.last?.exitCode == 137, c.runs.last?.reason != "OOMKilled", c.probeKillsForLatestRun.isEmpty,
              let sig = c.signatures.first(where: { $0.kind == .hostOutOfMemory }) else { return nil }
        var facts = Facts.status(c)
        facts.append(Fact(.log, "hostOutOfMemory: \(sig.line)"))
        if let limit = c.spec?.resources?.limits?["memory"] { facts.append(Fact(.spec, "memory limit \(limit)")) }
        return Verdict(cause: .oomKilled, confidence: .medium, facts: facts, rule: id,
                       summary: "The container was killed with 137 while the process reported running out of memory: a memory kill, not a probe.")
    }
}
