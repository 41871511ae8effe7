/// `other.worker-timeout`: the app server's own watchdog (gunicorn `WORKER TIMEOUT`) kills the worker,
/// not a kubelet probe — nothing in Kubernetes needs changing for that.
public struct WorkerTimeoutRule: DiagnosisRule {
    public let id = "other.worker-timeout"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        let sigs = c.signatures.filter { $0.kind == .workerTimeout }
        guard let first = sigs.first, c.probeKillsForLatestRun.isEmpty else { return nil }
        var facts = Facts.status(c)
        facts.append(Fact(.log, "workerTimeout: \(first.line)"))
        if c.unhealthy(.liveness).isEmpty && c.unhealthy(.startup).isEmpty {
            facts.append(Fact(.event, "no liveness/startup probe failure recorded"))
        }
        return Verdict(cause: .other, confidence: .medium, facts: facts, rule: id,
                       summary: "The application server's worker timeout kills the work in progress (e.g. gunicorn --timeout), not a Kubernetes probe.")
    }
}
