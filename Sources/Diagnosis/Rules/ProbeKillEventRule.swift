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
                       summary: ProbeKillSummary.text(phase.cause, probe: probe, container: c.containerName))
    }
}

/// One sentence per probe-kill cause.
enum ProbeKillSummary {
    static func text(_ cause: Cause, probe: ProbeKind, container: String) -> String {
        switch cause {
        case .probeKillDuringDownload:
            return "The \(probe.rawValue) probe kills \(container) while it is still downloading its model."
        case .probeKillAfterReady:
            return "The \(probe.rawValue) probe killed \(container) after it had been serving (hang, overload or a probe timeout too short under load)."
        default:
            return "The \(probe.rawValue) probe kills \(container) while it is still loading / starting up."
        }
    }
}
