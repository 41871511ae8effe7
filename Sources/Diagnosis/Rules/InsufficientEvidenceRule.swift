/// `insufficient-evidence`: the container is in trouble but the evidence does not settle why.
/// Saying so, with what is known and what is missing, beats a wrong blame.
public struct InsufficientEvidenceRule: DiagnosisRule {
    public let id = "insufficient-evidence"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        var facts = Facts.status(c)
        if let b = c.budget { facts.append(Facts.budget(b)) }
        if let f = Facts.runs(c.timedRuns.map(\.seconds), budget: c.budget) { facts.append(f) }
        let probeEvents = c.events(where: { if case .unhealthy = $0 { return true }; return $0 == .crashLoopBackOff })
        facts += Facts.events(probeEvents, limit: 3)
        var missing: [String] = []
        if c.runs.contains(where: { $0.exitCode == 137 && $0.reason != "OOMKilled" }) {
            let seconds = c.timedRuns.map(\.seconds)
            if let earliest = ShortRunCrashRule.earliestKill(c), !seconds.isEmpty, seconds.allSatisfy({ $0 < Double(earliest) - 3 }) {
                facts.append(Fact(.computed, "SIGKILL (137) before any probe could kill (\(earliest) s): likely a memory-limit kill not labelled OOMKilled"))
            } else {
                facts.append(Fact(.computed, "exit 137 with reason Error is shared by probe kills and memory-limit kills"))
            }
        }
        if c.probeKills.isEmpty { missing.append("a Killing event naming the probe") }
        if c.timedRuns.isEmpty { missing.append("run durations (startedAt/finishedAt)") }
        if c.previousLogs == nil { missing.append("the previous container log") }
        if c.spec?.livenessProbe == nil && c.spec?.startupProbe == nil { missing.append("the probe spec") }
        if !c.unhealthy(.startup).isEmpty || !c.unhealthy(.liveness).isEmpty, c.waitingReason == "CrashLoopBackOff" {
            facts.append(Fact(.computed, "probe failures during a crash loop are often a symptom of a crash (CUDA OOM, gated model, wrong model id)"))
        }
        facts.append(Fact(.computed, "missing: " + (missing.isEmpty ? "nothing decisive" : missing.joined(separator: ", "))))
        return Verdict(cause: .insufficientEvidence, confidence: .low, facts: facts, rule: id,
                       summary: "\(c.containerName) is restarting or failing, but the evidence cannot tell a probe kill from a crash or memory kill.")
    }
}
