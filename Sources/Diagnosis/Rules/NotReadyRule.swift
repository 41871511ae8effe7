/// `not-ready`: readiness keeps failing but nothing restarts the container — traffic is withheld,
/// the process lives (readiness never kills, prober worker.go).
public struct NotReadyRule: DiagnosisRule {
    public let id = "not-ready"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        let readiness = c.unhealthy(.readiness)
        guard !readiness.isEmpty, c.runs.isEmpty, (c.status?.restartCount ?? 0) == 0,
              c.unhealthy(.liveness).isEmpty, c.unhealthy(.startup).isEmpty, c.probeKills.isEmpty else { return nil }
        if let s = c.status, s.state?.running == nil { return nil }
        var facts = Facts.status(c) + Facts.events(readiness.map(\.0), limit: 2)
        if let r = c.spec?.readinessProbe {
            facts.append(Fact(.spec, "readinessProbe timeoutSeconds \(r.timeoutSeconds.map(String.init) ?? "default 1"), periodSeconds \(r.effectivePeriod), failureThreshold \(r.effectiveFailureThreshold)"))
        }
        return Verdict(cause: .notReady, confidence: .medium, facts: facts, rule: id,
                       summary: "The readiness probe keeps failing; the container is not restarted but receives no traffic.")
    }
}
