/// core/v1 PodStatus, reduced to what diagnosis reads.
public struct PodStatus: Codable, Hashable, Sendable {
    public var phase: String?
    public var reason: String?
    public var message: String?
    public var startTime: KubeTime?
    public var conditions: [PodCondition]?
    public var containerStatuses: [ContainerStatus]?
    public var initContainerStatuses: [ContainerStatus]?

    public init(phase: String? = nil, reason: String? = nil, message: String? = nil, startTime: KubeTime? = nil,
                conditions: [PodCondition]? = nil, containerStatuses: [ContainerStatus]? = nil,
                initContainerStatuses: [ContainerStatus]? = nil) {
        self.phase = phase
        self.reason = reason
        self.message = message
        self.startTime = startTime
        self.conditions = conditions
        self.containerStatuses = containerStatuses
        self.initContainerStatuses = initContainerStatuses
    }
}

public struct PodCondition: Codable, Hashable, Sendable {
    public var type: String
    public var status: String
    public var reason: String?
    public var lastTransitionTime: KubeTime?
    public init(type: String, status: String, reason: String? = nil, lastTransitionTime: KubeTime? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.lastTransitionTime = lastTransitionTime
    }
}

/// core/v1 ContainerStatus (kubernetes-facts §3.7).
public struct ContainerStatus: Codable, Hashable, Sendable {
    public var name: String
    public var ready: Bool?
    public var started: Bool?
    public var restartCount: Int?
    public var state: ContainerState?
    public var lastState: ContainerState?
    public var image: String?
    public var containerID: String?

    public init(name: String, ready: Bool? = nil, started: Bool? = nil, restartCount: Int? = nil,
                state: ContainerState? = nil, lastState: ContainerState? = nil, image: String? = nil,
                containerID: String? = nil) {
        self.name = name
        self.ready = ready
        self.started = started
        self.restartCount = restartCount
        self.state = state
        self.lastState = lastState
        self.image = image
        self.containerID = containerID
    }
}

/// Exactly one of waiting / running / terminated is set; `{}` (none) is legal for lastState.
public struct ContainerState: Codable, Hashable, Sendable {
    public var waiting: Waiting?
    public var running: Running?
    public var terminated: Terminated?

    public init(waiting: Waiting? = nil, running: Running? = nil, terminated: Terminated? = nil) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }

    public struct Waiting: Codable, Hashable, Sendable {
        public var reason: String?
        public var message: String?
        public init(reason: String? = nil, message: String? = nil) { self.reason = reason; self.message = message }
    }

    public struct Running: Codable, Hashable, Sendable {
        public var startedAt: KubeTime?
        public init(startedAt: KubeTime? = nil) { self.startedAt = startedAt }
    }

    public struct Terminated: Codable, Hashable, Sendable {
        public var exitCode: Int?
        public var signal: Int?
        public var reason: String?
        public var message: String?
        public var startedAt: KubeTime?
        public var finishedAt: KubeTime?
        public var containerID: String?

        public init(exitCode: Int? = nil, signal: Int? = nil, reason: String? = nil, message: String? = nil,
                    startedAt: KubeTime? = nil, finishedAt: KubeTime? = nil, containerID: String? = nil) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.containerID = containerID
        }

        /// startedAt → finishedAt in seconds, when both are known.
        public var runSeconds: Double? {
            guard let s = startedAt, let f = finishedAt else { return nil }
            return s.distance(to: f)
        }
    }
}
