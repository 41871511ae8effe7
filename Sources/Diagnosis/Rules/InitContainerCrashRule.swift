/// `crash.init-container`: a classic init container is failing. Kubernetes rejects liveness and startup
/// probes on init containers (validation `validateInitContainers`), so no probe can have killed it.
public struct InitContainerCrashRule: DiagnosisRule {
    public let id = "crash.init-container"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        guard c.isInitContainer else { return nil }
        let failedRuns = c.runs.filter { ($0.exitCode ?? 1) != 0 }
        guard c.waitingReason == "CrashLoopBackOff" || (c.status?.restartCount ?? 0) > 0 || !failedRuns.isEmpty else { return nil }
        var facts = Facts.status(c)
        facts.append(Fact(.spec, "\(c.containerName) is an init container: it cannot carry liveness/startup probes"))
        let previous = c.currentLogs == nil
        for line in (c.currentLogs ?? c.previousLogs ?? []).suffix(2) { facts.append(Facts.log(line, previous: previous)) }
        return Verdict(cause: .crash, confidence: .high, facts: facts, rule: id,
                       summary: "Init container \(c.containerName) keeps failing, so the app containers never start; probes are not involved.")
    }
}
