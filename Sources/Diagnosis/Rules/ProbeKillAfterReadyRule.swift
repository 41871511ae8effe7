/// `probe-kill.after-ready`: no Killing event left, but the liveness probe was failing (timeouts or
/// 5xx) around a signal exit of an instance that had been serving or ran far past its start budget.
public struct ProbeKillAfterReadyRule: DiagnosisRule {
    public let id = "probe-kill.after-ready"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        guard let live = c.budget(of: .liveness), let last = c.runs.last, ProbeKillTimingRule.signalLike(last) else { return nil }
        let failures = c.unhealthy(.liveness).filter { $0.1.isSlowServerSymptom && Self.near($0.0, last, live) }
        let count = failures.reduce(0) { $0 + $1.0.event.occurrences }
        guard count >= live.failureThreshold else { return nil }
        let serving = c.progress?.phase == .serving
        let longRun = last.runSeconds.map { $0 > Double(live.latestKillSeconds + live.graceSeconds) + 60 } ?? false
        guard serving || longRun else { return nil }
        var facts = Facts.status(c) + [Facts.budget(live)]
        facts += Facts.events(failures.map(\.0), limit: 2)
        if let s = last.runSeconds, longRun { facts.append(Fact(.status, "the killed instance ran \(Int(s)) s, far past the start budget")) }
        if serving, let p = c.progress { facts += KillPhase.progressFacts(p, c) }
        return Verdict(cause: .probeKillAfterReady, probe: .liveness, confidence: .medium, facts: facts, rule: id,
                       summary: ProbeKillSummary.text(.probeKillAfterReady, probe: .liveness, container: c.containerName))
    }

    /// Whether the failures were still happening when the instance ended: last failure at most one kill
    /// cycle (F·P + T) plus the grace period before `finishedAt` (unknown times are not held against it).
    static func near(_ e: ClassifiedEvent, _ run: ContainerRun, _ b: KillBudget) -> Bool {
        guard let seen = e.event.lastSeen, let finished = run.finishedAt else { return true }
        let gap = seen.distance(to: finished)
        return gap >= -10 && gap <= Double(b.failureThreshold * b.periodSeconds + b.timeoutSeconds + b.graceSeconds + 10)
    }
}
