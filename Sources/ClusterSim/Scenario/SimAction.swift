import Foundation

/// One change a scenario makes to the simulated cluster, at a point of simulated time.
///
/// The scenario player (a pure model of the kubelet) produces these; the server applies them to
/// its store, which assigns resourceVersions and notifies watchers. Objects travel as complete
/// JSON documents in the API's wire format, so the player never depends on the server's types.
public enum SimAction: Sendable, Hashable {
    /// Create or replace an object. `resource` is the plural (`pods`, `replicasets`, `deployments`,
    /// `statefulsets`, `namespaces`); `json` is the whole object (metadata.resourceVersion is set by the store).
    case putObject(resource: String, namespace: String?, name: String, json: Data)
    /// Delete an object (watchers get DELETED with the last state).
    case deleteObject(resource: String, namespace: String?, name: String)
    /// Record a kubelet event about a pod the way client-go's recorder does (kubernetes-facts §2.4):
    /// an exact repeat (same involvedObject, fieldPath, type, reason, message) increments `count` and
    /// `lastTimestamp` of the existing Event (MODIFIED); anything else creates a new Event (ADDED).
    case recordEvent(KubeletEvent)
    /// Append one line to the current instance's log of a container.
    case appendLog(namespace: String, pod: String, container: String, line: String)
    /// The container instance ended and a new one starts: the current log becomes the previous log
    /// (served with `previous=true`) and the current log starts empty.
    case rotateLog(namespace: String, pod: String, container: String)
}

/// A kubelet-style event about a pod or one of its containers.
public struct KubeletEvent: Sendable, Hashable {
    public var namespace: String
    public var podName: String
    public var podUID: String
    /// nil for pod-level events (e.g. Scheduled); else fieldPath `spec.containers{NAME}`.
    public var container: String?
    public var type: String
    public var reason: String
    public var message: String
    /// Simulated time of the occurrence.
    public var time: Date
    /// `source.component` (`kubelet`, `default-scheduler`).
    public var component: String
    public var host: String?

    public init(namespace: String, podName: String, podUID: String, container: String?, type: String, reason: String,
                message: String, time: Date, component: String = "kubelet", host: String? = nil) {
        self.namespace = namespace
        self.podName = podName
        self.podUID = podUID
        self.container = container
        self.type = type
        self.reason = reason
        self.message = message
        self.time = time
        self.component = component
        self.host = host
    }
}
