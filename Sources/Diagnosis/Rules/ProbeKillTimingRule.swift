/// `probe-kill.timing`: the killed instances ended exactly where the probe budget puts a kill, with
/// the exit a probe kill produces (137/143/0). Events expire after an hour (kube-apiserver `--event-ttl`);
/// this timing is what survives. "Killed 5 times, each 133–137 s after start; budget 135 s."
public struct ProbeKillTimingRule: DiagnosisRule {
    public let id = "probe-kill.timing"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        guard let b = c.budget else { return nil }
        let timed = c.timedRuns.filter { Self.signalLike($0.run) }
        guard let latest = timed.last, b.explainsRun(seconds: latest.seconds) else { return nil }
        let inside = timed.filter { b.explainsRun(seconds: $0.seconds) }
        let failures = c.unhealthy(b.probe).filter { $0.1.isSlowServerSymptom }
        let sigterm = c.has(.terminatedBySignal)
        let confidence: Confidence
        if !failures.isEmpty {
            confidence = inside.count >= 3 ? .high : .medium
        } else if inside.count == timed.count, inside.count >= 2 {
            confidence = inside.count >= 3 ? .high : .medium
        } else if sigterm {
            confidence = .medium
        } else {
            return nil // one run in the window and nothing else: 137/Error is also a memory kill.
        }
        let phase = KillPhase.classify(c, probe: b.probe, longestRun: inside.map(\.seconds).max())
        var facts = Facts.status(c)
        facts.append(Facts.budget(b))
        if let f = Facts.runs(timed.map(\.seconds), budget: b) { facts.append(f) }
        facts += Facts.events(failures.map(\.0), limit: 2)
        if failures.isEmpty {
            facts.append(Fact(.event, "no Killing/Unhealthy event on record (events expire one hour after their last update)"))
        }
        if sigterm, let line = c.signatures.first(where: { $0.kind == .terminatedBySignal })?.line {
            facts.append(Fact(.log, "terminatedBySignal: \(line)"))
        }
        facts += phase.facts
        return Verdict(cause: phase.cause, probe: b.probe, confidence: phase.known ? confidence : min(confidence, .medium),
                       facts: facts, rule: id, summary: ProbeKillSummary.text(phase.cause, probe: b.probe, container: c.containerName,
                                                                        runs: inside.map(\.seconds), budget: b))
    }

    /// Exits a probe kill produces: SIGKILL 137, SIGTERM 143, graceful 0, Python's interrupt 130, or not shown.
    static func signalLike(_ r: ContainerRun) -> Bool {
        if r.reason == "OOMKilled" { return false }
        guard let code = r.exitCode else { return true }
        return [0, 130, 137, 143].contains(code)
    }
}
