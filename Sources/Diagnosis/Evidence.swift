/// Everything known about one pod at one moment: the input of every rule.
///
/// Diagnosis never reads a clock: `observedAt` is the moment the evidence describes (the
/// watcher's "now", or a dump's capture time), and every age is measured from it.
public struct Evidence: Sendable {
    public var pod: Pod
    /// core/v1 Events whose involvedObject is this pod (any order; rules sort what they need).
    public var events: [EventRecord]
    /// Log tails by container name.
    public var logs: [String: ContainerLogs]
    /// Terminated instances the watcher remembered beyond `lastState`, oldest first, by container name.
    /// Kubernetes keeps only the last termination; events expire after an hour; this does not.
    public var history: [String: [ContainerRun]]
    /// The owner chain from the pod's controller upwards, when the caller resolved it
    /// (e.g. ReplicaSet, then Deployment). Empty when unknown: rules fall back to ownerReferences.
    public var owners: [WorkloadRef]
    public var observedAt: KubeTime

    public init(pod: Pod, events: [EventRecord] = [], logs: [String: ContainerLogs] = [:],
                history: [String: [ContainerRun]] = [:], owners: [WorkloadRef] = [], observedAt: KubeTime) {
        self.pod = pod
        self.events = events
        self.logs = logs
        self.history = history
        self.owners = owners
        self.observedAt = observedAt
    }

    /// Events about one container (fieldPath `spec.containers{name}`), plus pod-level events when asked.
    public func events(forContainer name: String, includePodLevel: Bool = false) -> [EventRecord] {
        events.filter { e in
            if let c = e.containerName { return c == name }
            return includePodLevel
        }
    }
}

/// Log lines of one container: the running (or last) instance and the previous (killed) one.
public struct ContainerLogs: Sendable, Hashable {
    public var current: [String]?
    public var previous: [String]?
    public init(current: [String]? = nil, previous: [String]? = nil) {
        self.current = current
        self.previous = previous
    }
}

/// One terminated container instance, as the watcher saw it in `lastState.terminated`.
public struct ContainerRun: Codable, Sendable, Hashable {
    public var startedAt: KubeTime?
    public var finishedAt: KubeTime?
    public var exitCode: Int?
    public var reason: String?
    /// restartCount of the replacement when this termination was observed.
    public var restartCount: Int?

    public init(startedAt: KubeTime? = nil, finishedAt: KubeTime? = nil, exitCode: Int? = nil,
                reason: String? = nil, restartCount: Int? = nil) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.reason = reason
        self.restartCount = restartCount
    }

    public init(_ t: ContainerState.Terminated, restartCount: Int?) {
        self.init(startedAt: t.startedAt, finishedAt: t.finishedAt, exitCode: t.exitCode, reason: t.reason,
                  restartCount: restartCount)
    }

    public var runSeconds: Double? {
        guard let s = startedAt, let f = finishedAt else { return nil }
        return s.distance(to: f)
    }
}

/// A workload object by kind and name: an owner in the chain, or the target of a patch.
public struct WorkloadRef: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String
    public var name: String
    public var namespace: String?

    public init(apiVersion: String? = nil, kind: String, name: String, namespace: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
}
