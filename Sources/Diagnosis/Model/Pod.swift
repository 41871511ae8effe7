/// Minimal core/v1 Pod: only the fields diagnosis reads, with the API's JSON names.
/// Unknown keys (managedFields above all) are skipped by the decoder, never materialised.
public struct Pod: Codable, Hashable, Sendable {
    public var metadata: ObjectMeta
    public var spec: PodSpec?
    public var status: PodStatus?

    public init(metadata: ObjectMeta, spec: PodSpec? = nil, status: PodStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public var namespace: String { metadata.namespace ?? "default" }
    public var name: String { metadata.name ?? "" }

    public func container(named name: String) -> Container? {
        spec?.containers.first { $0.name == name } ?? spec?.initContainers?.first { $0.name == name }
    }

    public func status(ofContainer name: String) -> ContainerStatus? {
        status?.containerStatuses?.first { $0.name == name } ?? status?.initContainerStatuses?.first { $0.name == name }
    }
}

/// The parts of ObjectMeta that restartwatch reads.
public struct ObjectMeta: Codable, Hashable, Sendable {
    public var name: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var creationTimestamp: KubeTime?
    public var deletionTimestamp: KubeTime?
    public var labels: [String: String]?
    public var ownerReferences: [OwnerReference]?

    public init(name: String? = nil, namespace: String? = nil, uid: String? = nil, resourceVersion: String? = nil,
                creationTimestamp: KubeTime? = nil, deletionTimestamp: KubeTime? = nil,
                labels: [String: String]? = nil, ownerReferences: [OwnerReference]? = nil) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.labels = labels
        self.ownerReferences = ownerReferences
    }

    /// The single reference with `controller: true` (apimachinery `controller_ref.go` `GetControllerOf`).
    public var controller: OwnerReference? { ownerReferences?.first { $0.controller == true } }
}

/// metav1.OwnerReference.
public struct OwnerReference: Codable, Hashable, Sendable {
    public var apiVersion: String?
    public var kind: String
    public var name: String
    public var uid: String?
    public var controller: Bool?

    public init(apiVersion: String? = nil, kind: String, name: String, uid: String? = nil, controller: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
    }
}

public struct PodSpec: Codable, Hashable, Sendable {
    public var containers: [Container]
    public var initContainers: [Container]?
    public var volumes: [Volume]?
    public var nodeName: String?
    public var restartPolicy: String?
    public var terminationGracePeriodSeconds: Int?

    public init(containers: [Container], initContainers: [Container]? = nil, volumes: [Volume]? = nil,
                nodeName: String? = nil, restartPolicy: String? = nil, terminationGracePeriodSeconds: Int? = nil) {
        self.containers = containers
        self.initContainers = initContainers
        self.volumes = volumes
        self.nodeName = nodeName
        self.restartPolicy = restartPolicy
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }

    enum CodingKeys: String, CodingKey {
        case containers, initContainers, volumes, nodeName, restartPolicy, terminationGracePeriodSeconds
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // A BOOKMARK pod carries `"containers": null` (kubernetes-facts §1.3).
        containers = try c.decodeIfPresent([Container].self, forKey: .containers) ?? []
        initContainers = try c.decodeIfPresent([Container].self, forKey: .initContainers)
        volumes = try c.decodeIfPresent([Volume].self, forKey: .volumes)
        nodeName = try c.decodeIfPresent(String.self, forKey: .nodeName)
        restartPolicy = try c.decodeIfPresent(String.self, forKey: .restartPolicy)
        terminationGracePeriodSeconds = try c.decodeIfPresent(Int.self, forKey: .terminationGracePeriodSeconds)
    }
}

public struct Container: Codable, Hashable, Sendable {
    public var name: String
    public var image: String?
    public var command: [String]?
    public var args: [String]?
    public var env: [EnvVar]?
    public var ports: [ContainerPort]?
    public var livenessProbe: Probe?
    public var readinessProbe: Probe?
    public var startupProbe: Probe?
    public var volumeMounts: [VolumeMount]?
    public var resources: ResourceRequirements?
    /// Set on native sidecars (`initContainers` with `restartPolicy: Always`).
    public var restartPolicy: String?

    public init(name: String, image: String? = nil, command: [String]? = nil, args: [String]? = nil,
                env: [EnvVar]? = nil, ports: [ContainerPort]? = nil, livenessProbe: Probe? = nil,
                readinessProbe: Probe? = nil, startupProbe: Probe? = nil, volumeMounts: [VolumeMount]? = nil,
                resources: ResourceRequirements? = nil, restartPolicy: String? = nil) {
        self.name = name
        self.image = image
        self.command = command
        self.args = args
        self.env = env
        self.ports = ports
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.startupProbe = startupProbe
        self.volumeMounts = volumeMounts
        self.resources = resources
        self.restartPolicy = restartPolicy
    }

    /// command + args, the full argv as written in the spec.
    public var argv: [String] { (command ?? []) + (args ?? []) }
}

public struct EnvVar: Codable, Hashable, Sendable {
    public var name: String
    /// Literal value only; `valueFrom` (secrets, field refs) is deliberately not decoded.
    public var value: String?
    public init(name: String, value: String? = nil) { self.name = name; self.value = value }
}

public struct ContainerPort: Codable, Hashable, Sendable {
    public var name: String?
    public var containerPort: Int
    public init(name: String? = nil, containerPort: Int) { self.name = name; self.containerPort = containerPort }
}

public struct VolumeMount: Codable, Hashable, Sendable {
    public var name: String
    public var mountPath: String
    public var subPath: String?
    public init(name: String, mountPath: String, subPath: String? = nil) {
        self.name = name
        self.mountPath = mountPath
        self.subPath = subPath
    }
}

/// A pod volume; only its kind matters to diagnosis (is the model cache persistent?).
public struct Volume: Codable, Hashable, Sendable {
    public var name: String
    public var persistentVolumeClaim: PVCSource?
    public var emptyDir: EmptyDirSource?
    public var hostPath: HostPathSource?
    public var ephemeral: Marker?
    public var csi: Marker?
    public var nfs: Marker?
    public var configMap: Marker?
    public var secret: Marker?

    public init(name: String, persistentVolumeClaim: PVCSource? = nil, emptyDir: EmptyDirSource? = nil,
                hostPath: HostPathSource? = nil) {
        self.name = name
        self.persistentVolumeClaim = persistentVolumeClaim
        self.emptyDir = emptyDir
        self.hostPath = hostPath
    }

    public struct PVCSource: Codable, Hashable, Sendable {
        public var claimName: String?
        public init(claimName: String?) { self.claimName = claimName }
    }
    public struct EmptyDirSource: Codable, Hashable, Sendable {
        public var medium: String?
        public var sizeLimit: Quantity?
        public init(medium: String? = nil, sizeLimit: Quantity? = nil) { self.medium = medium; self.sizeLimit = sizeLimit }
    }
    public struct HostPathSource: Codable, Hashable, Sendable {
        public var path: String?
        public init(path: String?) { self.path = path }
    }
    /// Presence-only marker for volume kinds whose fields diagnosis does not read.
    public struct Marker: Codable, Hashable, Sendable {
        public init() {}
        public init(from decoder: Decoder) throws {}
        public func encode(to encoder: Encoder) throws { _ = encoder.container(keyedBy: NoKeys.self) }
        enum NoKeys: CodingKey {}
    }
}

public struct ResourceRequirements: Codable, Hashable, Sendable {
    public var limits: [String: Quantity]?
    public var requests: [String: Quantity]?
    public init(limits: [String: Quantity]? = nil, requests: [String: Quantity]? = nil) {
        self.limits = limits
        self.requests = requests
    }
}

/// A resource quantity as written (`16Gi`, `1`, `500m`); JSON may carry it as a string or a number.
public struct Quantity: Codable, Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { text = s } else if let i = try? c.decode(Int.self) { text = String(i) } else {
            text = String(try c.decode(Double.self))
        }
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
    public var description: String { text }

    /// The quantity in base units (bytes for memory, cores for CPU), or nil if unparseable.
    public var value: Double? {
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1048576), ("Gi", 1073741824), ("Ti", 1099511627776), ("Pi", 1125899906842624),
            ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("m", 1e-3),
        ]
        for (s, f) in suffixes where text.hasSuffix(s) {
            return Double(text.dropLast(s.count)).map { $0 * f }
        }
        return Double(text)
    }
}
