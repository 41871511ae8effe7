/// Runs the rule table over one pod's evidence and returns at most one finding per container.
public struct Diagnoser: Sendable {
    public var settings: DiagnosisSettings

    public init(settings: DiagnosisSettings = DiagnosisSettings()) {
        self.settings = settings
    }

    /// Findings for every container of the pod that is restarting, crash-looping or not ready.
    /// Containers that look healthy produce no finding.
    public func diagnose(_ evidence: Evidence) -> [Finding] {
        Self.containerNames(evidence.pod).compactMap { name in
            let context = ContainerContext(evidence: evidence, containerName: name, settings: settings)
            guard Triage.needsDiagnosis(context), let verdict = Self.decide(context) else { return nil }
            return finding(verdict, context, evidence)
        }
    }

    /// Findings for several pods (e.g. every pod of a `cluster-info dump`), in input order.
    public func diagnose(all evidence: [Evidence]) -> [Finding] {
        evidence.flatMap(diagnose)
    }

    /// The first verdict in rule-table order (the table's order is the ranking).
    public static func decide(_ context: ContainerContext) -> Verdict? {
        for rule in RuleTable.rules {
            if let v = rule.evaluate(context) { return v }
        }
        return nil
    }

    /// Init containers first, then app containers, then names only the status knows (partial dumps).
    static func containerNames(_ pod: Pod) -> [String] {
        var names: [String] = []
        let lists: [[String]] = [
            pod.spec?.initContainers?.map(\.name) ?? [], pod.spec?.containers.map(\.name) ?? [],
            pod.status?.initContainerStatuses?.map(\.name) ?? [], pod.status?.containerStatuses?.map(\.name) ?? [],
        ]
        for name in lists.joined() where !names.contains(name) { names.append(name) }
        return names
    }

    func finding(_ v: Verdict, _ c: ContainerContext, _ evidence: Evidence) -> Finding {
        var facts = v.facts
        var remediation: Remediation?
        if v.cause == .probeKillDuringDownload || v.cause == .probeKillDuringLoad, c.spec != nil, let cache = c.cache {
            if v.cause == .probeKillDuringDownload, cache.restartsFromZero {
                facts.append(Fact(.spec, "\(cache.detail) Raising the budget alone never converges: each kill restarts the download from zero; persist the cache (PVC) or download it once in an initContainer."))
            }
            remediation = plan(c, cache: cache, evidence: evidence)
        }
        return Finding(namespace: c.namespace, pod: c.podName, container: c.containerName, cause: v.cause, probe: v.probe,
                       owner: owner(evidence), confidence: v.confidence, facts: facts, remediation: remediation,
                       rule: v.rule, summary: v.summary)
    }

    func plan(_ c: ContainerContext, cache: CacheAssessment, evidence: Evidence) -> Remediation? {
        let killed = c.timedRuns.filter { ProbeKillTimingRule.signalLike($0.run) }.map(\.seconds)
        guard let need = NeedEstimator.estimate(progress: c.progress, model: c.model, killedAfterSeconds: killed, settings: settings)
        else { return nil }
        return RemediationPlanner.plan(containerName: c.containerName, pod: evidence.pod, owners: evidence.owners, need: need,
                                       cache: cache, settings: settings)
    }

    /// The workload a human owns (patch target), else the resolved chain's top, else the controller reference.
    func owner(_ evidence: Evidence) -> WorkloadRef? {
        if let t = RemediationPlanner.patchTarget(pod: evidence.pod, owners: evidence.owners) { return t }
        if let top = evidence.owners.last { return top }
        return evidence.pod.metadata.controller.map {
            WorkloadRef(apiVersion: $0.apiVersion, kind: $0.kind, name: $0.name, namespace: evidence.pod.metadata.namespace)
        }
    }
}
