/// `probe-kill.event`: a `Killing` event names the probe (`Container X failed liveness probe, will be
/// restarted`, kuberuntime_manager.go) — the only direct record Kubernetes keeps of a probe kill, for one hour.
public struct ProbeKillEventRule: DiagnosisRule {
    public let id = "probe-kill.event"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        guard let (kill, probe) = c.probeKillsForLatestRun.last else { return nil }
        let seconds = c.timedRuns.map(\.seconds)
        let phase = KillPhase.classify(c, probe: probe, longestRun: seconds.max())
        var facts = Facts.status(c)
        facts += Facts.events(c.unhealthy(probe).map(\.0), limit: 2)
        facts.append(Facts.event(kill))
        if let b = c.budget(of: probe) { facts.append(Facts.budget(b)) }
        if let f = Facts.runs(seconds, budget: c.budget(of: probe)) { facts.append(f) }
        facts += phase.facts
        let confidence: Confidence = phase.known ? .high : .medium
        return Verdict(cause: phase.cause, probe: probe, confidence: confidence, facts: facts, rule: id,
                       summary: ProbeKillSummary.text(phase.cause, probe: probe, container: c.containerName,
                                                      runs: ProbeKillSummary.inWindow(c, probe), budget: c.budget(of: probe)))
    }
}

/// One sentence per probe-kill cause, with the timing signature when the runs show it.
enum ProbeKillSummary {
    /// Durations of the runs that this probe's kill window explains.
    static func inWindow(_ c: ContainerContext, _ probe: ProbeKind) -> [Double] {
        guard let b = c.budget(of: probe) else { return [] }
        return c.timedRuns.map(\.seconds).filter { b.explainsRun(seconds: $0) }
    }

    static func text(_ cause: Cause, probe: ProbeKind, container: String, runs: [Double] = [], budget: KillBudget? = nil) -> String {
        let head: String
        switch cause {
        case .probeKillDuringDownload:
            head = "The \(probe.rawValue) probe kills \(container) while it is still downloading its model"
        case .probeKillAfterReady:
            head = "The \(probe.rawValue) probe killed \(container) after it had been serving (hang, overload or a probe timeout too short under load)"
        default:
            head = "The \(probe.rawValue) probe kills \(container) while it is still loading / starting up"
        }
        guard cause != .probeKillAfterReady, let b = budget, let lo = runs.min(), let hi = runs.max() else { return head + "." }
        let times = runs.count == 1 ? "once" : "\(runs.count) times"
        let span = Int(lo.rounded()) == Int(hi.rounded()) ? "\(Int(lo.rounded())) s" : "\(Int(lo.rounded()))–\(Int(hi.rounded())) s"
        return head + ": killed \(times), \(runs.count == 1 ? "" : "each ")\(span) after start; budget \(b.budgetSeconds) s."
    }
}
