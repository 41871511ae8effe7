/// Decides which containers deserve a finding: restarting, crash-looping, stuck or not ready.
/// Healthy containers (running, ready, never restarted) get none, whatever old events say.
public enum Triage {
    /// Waiting reasons of a container that is simply on its way up.
    static let normalWaiting: Set<String> = ["ContainerCreating", "PodInitializing"]

    public static func needsDiagnosis(_ c: ContainerContext) -> Bool {
        if c.pod.status?.reason == "Evicted" { return true }
        guard let s = c.status else { return troubledWithoutStatus(c) }
        let completedInit = c.isInitContainer && c.runs.allSatisfy { $0.exitCode == 0 }
        if (s.restartCount ?? 0) > 0 || (!c.runs.isEmpty && !completedInit) { return true }
        if let w = s.state?.waiting?.reason, !normalWaiting.contains(w) { return true }
        if let t = s.state?.terminated, t.exitCode != 0 { return true }
        if let running = s.state?.running, s.ready == false {
            return readinessFailingPastStartup(c, startedAt: running.startedAt)
        }
        return false
    }

    /// A partial dump without a status block: only events or logs can show trouble.
    static func troubledWithoutStatus(_ c: ContainerContext) -> Bool {
        let troubling = c.events.contains { e in
            switch e.signal {
            case .unhealthy, .killing(.probe), .crashLoopBackOff, .imagePullBackOff, .imagePullFailed, .startFailed: return true
            default: return false
            }
        }
        return troubling || !c.runs.isEmpty || c.signatures.contains { $0.kind != .terminatedBySignal }
    }

    /// Readiness failing on a running container is only a problem once its startup allowance is over.
    static func readinessFailingPastStartup(_ c: ContainerContext, startedAt: KubeTime?) -> Bool {
        guard !c.unhealthy(.readiness).isEmpty else { return false }
        guard let started = startedAt, let b = c.budget else { return true }
        return started.distance(to: c.observedAt) > Double(b.latestKillSeconds)
    }
}
