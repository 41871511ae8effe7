/// `oom-killed`: the container hit its memory limit; the runtime reports reason `OOMKilled` (kubernetes-facts §3.5).
public struct OOMKilledRule: DiagnosisRule {
    public let id = "oom-killed"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        let oom = c.runs.filter { $0.reason == "OOMKilled" }
        guard !oom.isEmpty else { return memoryEvidenceKill(c) ?? sigkillUnderMemoryLimit(c) }
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

    /// 137/Error under a memory limit, every time before any probe could have decided a kill and with no
    /// Killing event: something outside the process sent SIGKILL, and under a memory limit that is the
    /// kernel's OOM killer (runtimes label it OOMKilled only when they see the cgroup's OOM event for the
    /// container, e.g. not always when a child process such as a model worker was the victim).
    func sigkillUnderMemoryLimit(_ c: ContainerContext) -> Verdict? {
        guard let limit = c.spec?.resources?.limits?["memory"], c.probeKills.isEmpty else { return nil }
        let runs = c.timedRuns
        guard !runs.isEmpty, runs.allSatisfy({ $0.run.exitCode == 137 && $0.run.reason != "OOMKilled" }) else { return nil }
        let earliest = ShortRunCrashRule.earliestKill(c)
        if let e = earliest, !runs.allSatisfy({ $0.seconds < Double(e) - 3 }) { return nil }
        var facts = Facts.status(c)
        if let f = Facts.runs(runs.map(\.seconds), budget: nil) { facts.append(f) }
        facts.append(Fact(.computed, earliest.map { "no probe can kill this container before \($0) s after start, and no Killing event names one" }
            ?? "the container has no liveness or startup probe, so no probe killed it"))
        facts.append(Fact(.spec, "memory limit \(limit); exit 137 is SIGKILL from outside the process, which under a memory limit is the OOM killer"))
        return Verdict(cause: .oomKilled, confidence: .medium, facts: facts, rule: id,
                       summary: "The container was SIGKILLed (137) before any probe could act, under a \(limit) memory limit: a memory-limit kill reported as Error, not a probe kill. Raise the memory limit or lower the model's memory use.")
    }
}
