import Foundation

/// A self-contained story for the simulated cluster: one Deployment whose single pod runs a model
/// server container with a scripted behaviour, played by `ScenarioPlayer`.
public struct Scenario: Sendable, Hashable {
    /// Short identifier (`aibrixQuickstart`, …).
    public var id: String
    /// One sentence on what happens.
    public var summary: String
    /// What a correct diagnosis of this scenario says.
    public var expected: ExpectedDiagnosis
    public var namespace: String
    public var deploymentName: String
    /// `spec.replicas` of the Deployment and ReplicaSet. Only one pod is simulated, so keep it at 1.
    public var replicas: Int
    public var nodeName: String
    public var hostIP: String
    public var podIP: String
    /// Drives every random choice (names, uids, container IDs, probe phases, small latencies).
    public var seed: UInt64
    public var kubelet: KubeletVersion
    public var container: ContainerSpec
    public var volumes: [VolumeSpec]
    /// Pod `spec.terminationGracePeriodSeconds` (API default 30).
    public var terminationGracePeriodSeconds: Int
    public var imagePull: ImagePull
    public var behaviour: ContainerBehaviour
    /// Labels on the Deployment and pod template in addition to `app: <deploymentName>`.
    public var extraLabels: [String: String]

    public init(id: String, summary: String, expected: ExpectedDiagnosis, namespace: String = "default",
                deploymentName: String, replicas: Int = 1, nodeName: String = "gpu-node-3",
                hostIP: String = "10.128.0.42", podIP: String = "10.42.1.17", seed: UInt64 = 1,
                kubelet: KubeletVersion = .v1_32, container: ContainerSpec, volumes: [VolumeSpec] = [],
                terminationGracePeriodSeconds: Int = 30, imagePull: ImagePull = .alreadyPresent,
                behaviour: ContainerBehaviour, extraLabels: [String: String] = [:]) {
        self.id = id
        self.summary = summary
        self.expected = expected
        self.namespace = namespace
        self.deploymentName = deploymentName
        self.replicas = replicas
        self.nodeName = nodeName
        self.hostIP = hostIP
        self.podIP = podIP
        self.seed = seed
        self.kubelet = kubelet
        self.container = container
        self.volumes = volumes
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.imagePull = imagePull
        self.behaviour = behaviour
        self.extraLabels = extraLabels
    }

    /// The same story with another seed (other names, uids and probe phases).
    public func withSeed(_ seed: UInt64) -> Scenario { var s = self; s.seed = seed; return s }
}

/// What restartwatch should conclude for a scenario (vocabulary of corpus/README.md).
public struct ExpectedDiagnosis: Sendable, Hashable {
    /// `probe-kill-during-download`, `probe-kill-during-load`, `probe-kill-after-ready`, `oom-killed`, `crash`, or `none`.
    public var cause: String
    /// `liveness` / `startup` for probe kills, else nil.
    public var probe: String?
    /// Simulated seconds after the start by which the evidence supports this diagnosis (a restart with its
    /// Killing event or terminated state in lastState, or Ready): how long end-to-end tests should play.
    public var observeAfterSeconds: Double
    /// What the diagnosis must (not) say.
    public var notes: String

    public init(cause: String, probe: String? = nil, observeAfterSeconds: Double = 600, notes: String) {
        self.cause = cause
        self.probe = probe
        self.observeAfterSeconds = observeAfterSeconds
        self.notes = notes
    }
}

/// The kubelet minor version, which changes a few event texts.
public struct KubeletVersion: Sendable, Hashable, Comparable {
    public var minor: Int
    public init(minor: Int) { self.minor = minor }

    public static let v1_31 = KubeletVersion(minor: 31)
    public static let v1_32 = KubeletVersion(minor: 32)
    public static let v1_35 = KubeletVersion(minor: 35)

    public static func < (a: KubeletVersion, b: KubeletVersion) -> Bool { a.minor < b.minor }

    /// `Created` event text. Why: v1.32 `kuberuntime_container.go` `startContainer` says `Created container: %v`;
    /// ≤1.31 said `Created container %s`; PR #134043 (1.35) drops the name: `Container created`.
    public func createdMessage(_ container: String) -> String {
        if minor >= 35 { return "Container created" }
        return minor <= 31 ? "Created container \(container)" : "Created container: \(container)"
    }

    /// `Started` event text: `Started container %v` until 1.34, `Container started` from 1.35 (PR #134043).
    public func startedMessage(_ container: String) -> String {
        minor >= 35 ? "Container started" : "Started container \(container)"
    }
}

/// How the image reaches the node on the pod's first start.
public enum ImagePull: Sendable, Hashable {
    /// `Container image "X" already present on machine`.
    case alreadyPresent
    /// Pulling → `Successfully pulled image "X" in <d> (<d> including waiting). Image size: N bytes.`
    case pull(seconds: Double, sizeBytes: Int64)
}

/// The model server container as written in the pod template.
public struct ContainerSpec: Sendable, Hashable {
    public var name: String
    public var image: String
    /// Digest reference reported as `imageID` once the image is on the node.
    public var imageID: String
    public var command: [String]
    public var args: [String]
    public var ports: [Int]
    public var livenessProbe: ProbeSpec?
    public var readinessProbe: ProbeSpec?
    public var startupProbe: ProbeSpec?
    public var limits: [String: String]
    public var requests: [String: String]
    public var volumeMounts: [VolumeMountSpec]
    public var imagePullPolicy: String

    public init(name: String, image: String, imageID: String, command: [String] = [], args: [String] = [],
                ports: [Int] = [8000], livenessProbe: ProbeSpec? = nil, readinessProbe: ProbeSpec? = nil,
                startupProbe: ProbeSpec? = nil, limits: [String: String] = [:], requests: [String: String] = [:],
                volumeMounts: [VolumeMountSpec] = [], imagePullPolicy: String = "IfNotPresent") {
        self.name = name
        self.image = image
        self.imageID = imageID
        self.command = command
        self.args = args
        self.ports = ports
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.startupProbe = startupProbe
        self.limits = limits
        self.requests = requests
        self.volumeMounts = volumeMounts
        self.imagePullPolicy = imagePullPolicy
    }
}

/// A probe with every field explicit (API defaults from `SetDefaults_Probe`: timeout 1, period 10, success 1, failure 3).
public struct ProbeSpec: Sendable, Hashable {
    public var handler: ProbeHandler
    public var initialDelaySeconds: Int
    public var timeoutSeconds: Int
    public var periodSeconds: Int
    public var successThreshold: Int
    public var failureThreshold: Int
    /// Probe-level grace period; overrides the pod's for kills by this probe when set.
    public var terminationGracePeriodSeconds: Int?

    public init(handler: ProbeHandler, initialDelaySeconds: Int = 0, timeoutSeconds: Int = 1, periodSeconds: Int = 10,
                successThreshold: Int = 1, failureThreshold: Int = 3, terminationGracePeriodSeconds: Int? = nil) {
        self.handler = handler
        self.initialDelaySeconds = initialDelaySeconds
        self.timeoutSeconds = timeoutSeconds
        self.periodSeconds = periodSeconds
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }

    /// `httpGet` on `/health` at `port` (vLLM's health endpoint).
    public static func health(port: Int = 8000, initialDelay: Int = 0, period: Int = 10, timeout: Int = 1,
                              failureThreshold: Int = 3) -> ProbeSpec {
        ProbeSpec(handler: .httpGet(path: "/health", port: port), initialDelaySeconds: initialDelay,
                  timeoutSeconds: timeout, periodSeconds: period, failureThreshold: failureThreshold)
    }
}

/// The probe mechanism.
public enum ProbeHandler: Sendable, Hashable {
    case httpGet(path: String, port: Int)
    case tcpSocket(port: Int)
}

/// A pod volume: a PersistentVolumeClaim (persistent model cache) or an emptyDir.
public struct VolumeSpec: Sendable, Hashable {
    /// Where the volume's data lives.
    public enum Source: Sendable, Hashable {
        case persistentVolumeClaim(claimName: String)
        case emptyDir(medium: String?)
    }
    public var name: String
    public var source: Source
    public init(name: String, source: Source) { self.name = name; self.source = source }
}

/// A volumeMount of the container.
public struct VolumeMountSpec: Sendable, Hashable {
    public var name: String
    public var mountPath: String
    public init(name: String, mountPath: String) { self.name = name; self.mountPath = mountPath }
}
