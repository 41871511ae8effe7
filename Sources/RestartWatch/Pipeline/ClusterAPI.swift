import Diagnosis

/// What the watch pipeline needs from a cluster. The libcurl client implements it
/// (`KubeClusterAPI`); tests can implement it with closures.
protocol ClusterAPI: Sendable {
    /// Pods in scope: a complete snapshot first (and after every relist), then changes.
    func watchPods(_ scope: WatchScope) -> AsyncThrowingStream<ClusterDelta<Pod>, Error>
    /// core/v1 Events about pods in scope (`involvedObject.kind=Pod`).
    func watchEvents(_ scope: WatchScope) -> AsyncThrowingStream<ClusterDelta<EventRecord>, Error>
    func pod(namespace: String, name: String) async throws -> Pod?
    /// Log lines of a container (the previous instance when `previous`), nil when there are none.
    func logs(namespace: String, pod: String, container: String, previous: Bool, tailLines: Int, limitBytes: Int) async throws -> [String]?
    /// Metadata of a workload object (ReplicaSet, Deployment, …) for the owner walk; nil when it is gone.
    func objectMeta(kind: String, apiVersion: String?, name: String, namespace: String) async throws -> ObjectMeta?
    /// Posts a core/v1 Event.
    func createEvent(_ event: NewEvent) async throws
    /// The API server's clock (its last `Date` header), the diagnosis time.
    func serverTime() -> KubeTime
}

/// Which pods to watch.
struct WatchScope: Sendable, Equatable {
    /// Empty: all namespaces.
    var namespaces: [String]
    var labelSelector: String?
    /// Sidecar mode: a single pod (in the single namespace).
    var podName: String?
}

/// A change in a watched collection, after the reflector's bookkeeping.
enum ClusterDelta<T: Sendable>: Sendable {
    /// The complete current state of one watched namespace (nil: of everything in scope), after the
    /// initial list or a relist: whatever else was known there is gone.
    case snapshot([T], namespace: String?)
    /// Every watched namespace has delivered its first snapshot.
    case synced
    case upsert(T)
    case delete(T)
}

/// A core/v1 Event restartwatch posts on a diagnosed pod (kubernetes-facts §2.3, legacy form:
/// no eventTime, so only the involvedObject namespace must match).
struct NewEvent: Sendable, Equatable {
    var namespace: String
    var podName: String
    var podUID: String?
    var container: String?
    var type: String
    var reason: String
    var message: String
    var time: KubeTime
}
