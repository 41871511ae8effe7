import Diagnosis
import Foundation
import Logging

/// Walks Pod → ReplicaSet → Deployment (and the other chains of kubernetes-facts §8.2) through the
/// API, following controller references and checking uids, with a small cache: owners change rarely
/// and many pods share one. Pods resolved at the same time share one request per owner.
actor OwnerResolver {
    private let api: any ClusterAPI
    private var cache: [String: ObjectMeta?] = [:]
    /// Lookups under way, with whether their answer may be cached.
    private var inFlight: [String: Task<(meta: ObjectMeta?, cacheable: Bool), Never>] = [:]
    private let maxCache = 2048
    private let logger: Logger?
    private let refusals = RefusalReporter()

    init(api: any ClusterAPI, logger: Logger? = nil) {
        self.api = api
        self.logger = logger
    }

    func chain(for pod: Pod) async -> [WorkloadRef] {
        var chain: [WorkloadRef] = []
        var ref = pod.metadata.controller
        let ns = pod.namespace
        while let r = ref, chain.count < 6 {
            chain.append(WorkloadRef(apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: ns))
            guard let meta = await lookup(r, namespace: ns) else { break }
            // Names can be reused: a different uid means this is not our owner any more (§8.1).
            if let want = r.uid, let got = meta.uid, want != got { break }
            ref = meta.controller
        }
        return chain
    }

    private func lookup(_ r: OwnerReference, namespace: String) async -> ObjectMeta? {
        let key = "\(namespace)/\(r.kind)/\(r.name)/\(r.uid ?? "")"
        if let hit = cache[key] { return hit }
        if let pending = inFlight[key] { return await pending.value.meta }
        let (api, logger, refusals) = (self.api, self.logger, self.refusals)
        let task = Task { () -> (meta: ObjectMeta?, cacheable: Bool) in
            do {
                return (try await api.objectMeta(kind: r.kind, apiVersion: r.apiVersion, name: r.name, namespace: namespace), true)
            } catch {
                // Not cached: a refusal or an outage says nothing about the owner, and may be fixed.
                if let logger { refusals.report(error, namespace: namespace, logger: logger) }
                return (nil, false)
            }
        }
        inFlight[key] = task
        let answer = await task.value
        inFlight[key] = nil
        if answer.cacheable {
            if cache.count >= maxCache { cache.removeAll(keepingCapacity: true) }
            cache[key] = answer.meta
        }
        return answer.meta
    }
}

/// Says once per namespace and refused action (at warning level) that the API refused a request, so a
/// missing RBAC grant does not silently weaken the evidence.
final class RefusalReporter: @unchecked Sendable {
    private let lock = NSLock()
    private var said = Set<String>()

    func report(_ error: Error, namespace: String, logger: Logger) {
        let text = "\(error)"
        guard text.contains("forbidden") || text.contains("Forbidden") || text.contains("403") else { return }
        let key = namespace + "|" + (text.range(of: "cannot ").map { String(text[$0.lowerBound...].prefix(60)) } ?? text.prefix(60).description)
        let first = lock.withLock { said.insert(key).inserted }
        if first { logger.warning("the API server refused a request; the diagnosis will lack that evidence: \(text)") }
    }
}
