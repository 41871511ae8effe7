/// The kubelet's kill arithmetic for one container (kubernetes-facts §3.3).
///
/// With a startupProbe, only it can kill a container that never became ready (liveness does not
/// run until `started` is true, prober_manager.go `isContainerStarted`); otherwise the liveness
/// probe does. Missing fields take Kubernetes defaults (`SetDefaults_Probe`).
public struct KillBudget: Sendable, Hashable {
    /// Which probe kills a container that never starts.
    public var probe: ProbeKind
    public var initialDelaySeconds: Int
    public var periodSeconds: Int
    public var failureThreshold: Int
    public var timeoutSeconds: Int
    /// Termination grace period G applied to a probe kill (probe-level override, else the pod's, else 30; ≥ 2).
    public var graceSeconds: Int

    /// initialDelaySeconds + failureThreshold × periodSeconds: the number users compare with start time.
    public var budgetSeconds: Int { initialDelaySeconds + failureThreshold * periodSeconds }
    /// Earliest kill decision after start: I + (F−1)·P.
    public var earliestKillSeconds: Int { initialDelaySeconds + (failureThreshold - 1) * periodSeconds }
    /// Latest kill decision after start: I + F·P + T.
    public var latestKillSeconds: Int { initialDelaySeconds + failureThreshold * periodSeconds + timeoutSeconds }

    /// Whether a container that ran `seconds` (startedAt → finishedAt) ended inside this probe's kill window:
    /// decision in [I+(F−1)P, I+F·P+T], exit within the grace period after it, plus `slack` for runtime latency.
    public func explainsRun(seconds: Double, slack: Double = 3) -> Bool {
        seconds >= Double(earliestKillSeconds) - slack
            && seconds <= Double(latestKillSeconds + graceSeconds) + slack
    }

    public init(probe: ProbeKind, initialDelaySeconds: Int, periodSeconds: Int, failureThreshold: Int,
                timeoutSeconds: Int, graceSeconds: Int) {
        self.probe = probe
        self.initialDelaySeconds = initialDelaySeconds
        self.periodSeconds = periodSeconds
        self.failureThreshold = failureThreshold
        self.timeoutSeconds = timeoutSeconds
        self.graceSeconds = graceSeconds
    }
}

public enum ProbeBudget {
    /// Pod `terminationGracePeriodSeconds` default (`DefaultTerminationGracePeriodSeconds`).
    public static let defaultGraceSeconds = 30
    /// `minimumGracePeriodInSeconds` in kuberuntime_manager.go.
    public static let minimumGraceSeconds = 2

    /// The budget that kills a container which never becomes ready, or nil when it has neither a
    /// startup nor a liveness probe (then the kubelet never kills it for slowness: not "budget 0").
    public static func killBudget(for container: Container, podGraceSeconds: Int? = nil) -> KillBudget? {
        if let s = container.startupProbe { return budget(.startup, s, podGraceSeconds) }
        if let l = container.livenessProbe { return budget(.liveness, l, podGraceSeconds) }
        return nil
    }

    /// The budget of one particular probe of the container (e.g. liveness after a startupProbe passed).
    public static func budget(of kind: ProbeKind, in container: Container, podGraceSeconds: Int? = nil) -> KillBudget? {
        switch kind {
        case .startup: return container.startupProbe.map { budget(.startup, $0, podGraceSeconds) }
        case .liveness: return container.livenessProbe.map { budget(.liveness, $0, podGraceSeconds) }
        case .readiness: return container.readinessProbe.map { budget(.readiness, $0, podGraceSeconds) }
        }
    }

    static func budget(_ kind: ProbeKind, _ p: Probe, _ podGrace: Int?) -> KillBudget {
        let grace = max(minimumGraceSeconds, p.terminationGracePeriodSeconds ?? podGrace ?? defaultGraceSeconds)
        return KillBudget(probe: kind, initialDelaySeconds: p.effectiveInitialDelay, periodSeconds: p.effectivePeriod,
                          failureThreshold: p.effectiveFailureThreshold, timeoutSeconds: p.effectiveTimeout,
                          graceSeconds: grace)
    }
}
