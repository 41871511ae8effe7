import Diagnosis
import Foundation
import KubeClient
import Logging

/// The pipeline's `ClusterAPI` over KubeClient (libcurl): reflectors for pods and events,
/// GETs for owners, bounded log fetches, Event creation, the server's clock.
final class KubeClusterAPI: ClusterAPI {
    let api: any KubeAPI
    let logger: Logger
    let metrics: Metrics?
    /// `reportingInstance` of posted Events (the host or pod name).
    let instance: String

    init(api: any KubeAPI, logger: Logger, metrics: Metrics? = nil, instance: String) {
        self.api = api
        self.logger = logger
        self.metrics = metrics
        self.instance = instance
    }

    func watchPods(_ scope: WatchScope) -> AsyncThrowingStream<ClusterDelta<Pod>, Error> {
        var options = ListOptions(labelSelector: scope.labelSelector)
        if let pod = scope.podName { options.fieldSelector = "metadata.name=\(pod)" }
        // Only the header, the controller reference and the status are read on the watch, the rest is
        // skipped unbuilt; a diagnosis GETs the whole pod.
        return reflect(.pods, scope: scope, selectors: options, decoding: .scanned, map: { (w: WatchedPod) in w.pod })
    }

    func watchEvents(_ scope: WatchScope) -> AsyncThrowingStream<ClusterDelta<EventRecord>, Error> {
        // Only what diagnosis needs: events about pods (kubernetes-facts §2.5 field selectors).
        var field = "involvedObject.kind=Pod"
        if let pod = scope.podName { field += ",involvedObject.name=\(pod)" }
        return reflect(.events, scope: WatchScope(namespaces: scope.namespaces, labelSelector: nil, podName: nil),
                       selectors: ListOptions(fieldSelector: field), decoding: .scanned, map: { (w: WatchedEvent) in w.event })
    }

    /// One reflector per namespace (or one for all namespaces). Each (re)list is handed on as that
    /// namespace's complete snapshot, so nothing needs to be kept here.
    private func reflect<W: Sendable, T: Sendable>(_ resource: Resource, scope: WatchScope, selectors: ListOptions,
                                                   decoding: ObjectDecoding<W>, map: @escaping @Sendable (W) -> T)
        -> AsyncThrowingStream<ClusterDelta<T>, Error> {
        let namespaces: [String?] = scope.namespaces.isEmpty ? [nil] : scope.namespaces
        // Never drop a delta (a lost MODIFIED can be a lost restart). The bytes are bounded in the
        // transport; decoded objects queue here only if the pipeline falls behind the decoder, and its
        // per-object work (a tracker update) is far cheaper than decoding.
        let (stream, continuation) = AsyncThrowingStream<ClusterDelta<T>, Error>.makeStream(bufferingPolicy: .unbounded)
        let api = self.api, logger = self.logger, metrics = self.metrics
        let listed = Protected(Set<Int>())
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                for (index, ns) in namespaces.enumerated() {
                    group.addTask {
                        let reflector = Reflector<W>(listWatch: ListWatch(api: api, resource: resource, namespace: ns, decoding: decoding),
                                                     config: ReflectorConfig(selectors: selectors), logger: logger)
                        await reflector.run { event in
                            switch event {
                            case .snapshot(let objects, _):
                                metrics?.inc("restartwatch_relists_total", ["resource": resource.plural])
                                continuation.yield(.snapshot(objects.map { map($0.object) }, namespace: ns))
                                let all = listed.withLock { s -> Bool in s.insert(index); return s.count == namespaces.count }
                                if all { continuation.yield(.synced) }
                            case .added(let o), .modified(let o):
                                continuation.yield(.upsert(map(o.object)))
                            case .deleted(let o):
                                continuation.yield(.delete(map(o.object)))
                            case .problem(let e):
                                metrics?.inc("restartwatch_watch_restarts_total", ["resource": resource.plural])
                                metrics?.inc("restartwatch_api_errors_total", ["code": String(e.httpStatus ?? 0)])
                                logger.warning("\(resource.plural) watch: \(e)")
                            }
                        }
                    }
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    func pod(namespace: String, name: String) async throws -> Pod? {
        do { return try await api.get(.pods, namespace: namespace, name: name, as: Pod.self) } catch let e as KubeError where e.kind == .notFound {
            return nil
        }
    }

    func logs(namespace: String, pod: String, container: String, previous: Bool, tailLines: Int, limitBytes: Int) async throws -> [String]? {
        let result = try await api.logs(namespace: namespace, pod: pod, options: LogOptions(
            container: container, previous: previous, tailLines: tailLines, limitBytes: limitBytes))
        switch result {
        case .text(let t):
            var lines = t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        case .noPreviousLogs, .noContent: return nil
        }
    }

    func objectMeta(kind: String, apiVersion: String?, name: String, namespace: String) async throws -> Diagnosis.ObjectMeta? {
        guard let resource = Self.resource(kind: kind, apiVersion: apiVersion) else { return nil }
        struct Meta: Decodable, Sendable { var metadata: Diagnosis.ObjectMeta }
        do { return try await api.get(resource, namespace: namespace, name: name, as: Meta.self).metadata } catch let e as KubeError where e.kind == .notFound {
            return nil
        }
    }

    /// The resources the owner walk may GET (the RBAC in deploy/ grants exactly these).
    static func resource(kind: String, apiVersion: String?) -> Resource? {
        switch kind {
        case "ReplicaSet": return .replicaSets
        case "Deployment": return .deployments
        case "StatefulSet": return .statefulSets
        case "DaemonSet": return Resource(group: "apps", version: "v1", plural: "daemonsets")
        default: return nil
        }
    }

    func createEvent(_ e: NewEvent) async throws {
        let stamp = KubeTime(seconds: e.time.seconds).description
        // Name like the kubelet's recorder: <object>.<hex nanoseconds> (client-go `GenerateEventName`).
        let nanos = UInt64(max(0, Date().timeIntervalSince1970 * 1e9))
        let event = CoreEvent(
            metadata: KubeClient.ObjectMeta(name: "\(e.podName).\(String(nanos, radix: 16))", namespace: e.namespace),
            involvedObject: KubeClient.ObjectReference(apiVersion: "v1", kind: "Pod", namespace: e.namespace, name: e.podName,
                                                       uid: e.podUID, fieldPath: e.container.map { "spec.containers{\($0)}" }),
            reason: e.reason, message: e.message, type: e.type, source: KubeClient.EventSource(component: "restartwatch", host: instance),
            firstTimestamp: stamp, lastTimestamp: stamp, count: 1, reportingComponent: "restartwatch", reportingInstance: instance)
        _ = try await api.createEvent(event)
    }

    func serverTime() -> KubeTime {
        KubeTime(api.lastServerDate ?? Date())
    }
}
