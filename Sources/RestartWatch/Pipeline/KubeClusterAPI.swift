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
        return reflect(.pods, scope: scope, selectors: options, as: Pod.self)
    }

    func watchEvents(_ scope: WatchScope) -> AsyncThrowingStream<ClusterDelta<EventRecord>, Error> {
        // Only what diagnosis needs: events about pods (kubernetes-facts §2.5 field selectors).
        var field = "involvedObject.kind=Pod"
        if let pod = scope.podName { field += ",involvedObject.name=\(pod)" }
        return reflect(.events, scope: WatchScope(namespaces: scope.namespaces, labelSelector: nil, podName: nil),
                       selectors: ListOptions(fieldSelector: field), as: EventRecord.self)
    }

    /// One reflector per namespace (or one for all namespaces), merged; each relist of one namespace is
    /// handed on as a snapshot that keeps the other namespaces' objects.
    private func reflect<T: Decodable & Sendable>(_ resource: Resource, scope: WatchScope, selectors: ListOptions,
                                                  as type: T.Type) -> AsyncThrowingStream<ClusterDelta<T>, Error> {
        let namespaces: [String?] = scope.namespaces.isEmpty ? [nil] : scope.namespaces
        // Never drop a delta (a lost MODIFIED can be a lost restart). The bytes are bounded in the
        // transport; decoded objects queue here only if the pipeline falls behind the decoder, and its
        // per-object work (a tracker update) is far cheaper than decoding.
        let (stream, continuation) = AsyncThrowingStream<ClusterDelta<T>, Error>.makeStream(bufferingPolicy: .unbounded)
        let api = self.api, logger = self.logger, metrics = self.metrics
        let merger = SnapshotMerger<T>(count: namespaces.count)
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                for (index, ns) in namespaces.enumerated() {
                    group.addTask {
                        let reflector = Reflector<T>(listWatch: ListWatch(api: api, resource: resource, namespace: ns),
                                                     config: ReflectorConfig(selectors: selectors), logger: logger)
                        await reflector.run { event in
                            switch event {
                            case .snapshot(let objects, _):
                                metrics?.inc("restartwatch_relists_total", ["resource": resource.plural])
                                if let all = merger.replace(index, objects.map { (Self.key($0.header), $0.object) }) { continuation.yield(.snapshot(all)) }
                            case .added(let o), .modified(let o):
                                merger.upsert(index, o.object, key: Self.key(o.header))
                                continuation.yield(.upsert(o.object))
                            case .deleted(let o):
                                merger.remove(index, key: Self.key(o.header))
                                continuation.yield(.delete(o.object))
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

    static func key(_ h: ObjectHeader) -> String { "\(h.namespace ?? "")/\(h.name)" }

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

/// Keeps each reflector's objects so that a relist of one namespace can be handed on as one complete
/// snapshot of all namespaces ("never half of one").
final class SnapshotMerger<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [[String: T]]
    private var listed: [Bool]

    init(count: Int) {
        parts = Array(repeating: [:], count: count)
        listed = Array(repeating: false, count: count)
    }

    /// Replaces one part; returns the whole snapshot once every part has listed at least once.
    func replace(_ i: Int, _ objects: [(String, T)]) -> [T]? {
        lock.withLock {
            var d: [String: T] = [:]
            for (k, o) in objects { d[k] = o }
            parts[i] = d
            listed[i] = true
            return listed.allSatisfy { $0 } ? parts.flatMap { $0.values } : nil
        }
    }

    func upsert(_ i: Int, _ o: T, key: String) { lock.withLock { parts[i][key] = o } }
    func remove(_ i: Int, key: String) { lock.withLock { _ = parts[i].removeValue(forKey: key) } }
}
