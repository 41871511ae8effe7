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

/// Bounds log fetches: at most one per container per interval, and a cluster-wide budget per minute,
/// so a crash-looping fleet never turns restartwatch into a log-scraping loop. Pure; time is passed in.
struct LogFetchLimiter: Sendable {
    var perContainerInterval: Double
    var perMinute: Int
    private var lastFetch: [String: Double] = [:]
    private var window: [Double] = []

    init(perContainerInterval: Double, perMinute: Int) {
        self.perContainerInterval = perContainerInterval
        self.perMinute = perMinute
    }

    /// Whether a fetch for `key` may happen at `now`; records it when allowed.
    mutating func allow(_ key: String, now: Double) -> Bool {
        if let last = lastFetch[key], now - last < perContainerInterval { return false }
        window.removeAll { now - $0 >= 60 }
        guard window.count < perMinute else { return false }
        window.append(now)
        lastFetch[key] = now
        if lastFetch.count > 10_000 { lastFetch = lastFetch.filter { now - $0.value < perContainerInterval } }
        return true
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
