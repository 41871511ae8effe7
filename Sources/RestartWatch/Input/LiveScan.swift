import Diagnosis
import Foundation
import KubeClient
import Logging

/// `scan` against a live cluster: paginated LISTs of events and pods (a page at a time, keeping only
/// suspect pods), then previous logs and owners for the suspects only.
enum LiveScan {
    static func load(options: ClusterOptions, config: RestartWatchConfig) async throws -> ScanInput {
        let logger = Logger(label: "restartwatch.scan")
        let connection = try ClusterConnection.connect(options, logger: logger)
        let namespaces = ClusterConnection.namespaces(options, config: config, configGiven: options.configPath != nil,
                                                      contextNamespace: connection.config.namespace)
        let api = KubeClusterAPI(api: connection.api, logger: logger, instance: ProcessInfo.processInfo.hostName)
        let scanner = Scanner(api: connection.api, cluster: api, logs: config.logs)
        var input = try await scanner.scan(namespaces: namespaces, selector: options.selector ?? config.labelSelector,
                                           pod: options.pod ?? config.pod)
        input.source = "cluster \(connection.config.server)"
        return input
    }

    struct Scanner {
        let api: any KubeAPI
        let cluster: any ClusterAPI
        let logs: LogFetchConfig

        func scan(namespaces: [String], selector: String?, pod: String?) async throws -> ScanInput {
            let scopes: [String?] = namespaces.isEmpty ? [nil] : namespaces
            // Pods first, listed slim (header, controller reference, status; see WatchedPod) and
            // decoded item by item as each page streams in; only suspects are kept.
            var slimSuspects: [Pod] = []
            var examined = 0
            let podField = pod.map { "metadata.name=\($0)" }
            for ns in scopes {
                let (mark, examinedBefore) = (slimSuspects.count, examined)
                try await listAll(.pods, namespace: ns, options: ListOptions(labelSelector: selector, fieldSelector: podField),
                                  decoding: ObjectDecoding<WatchedPod>.scanned,
                                  reset: { slimSuspects.removeSubrange(mark...); examined = examinedBefore }) { page in
                    examined += page.count
                    slimSuspects += page.map(\.pod).filter(Self.isSuspect)
                }
            }
            // Then events, keeping only the relevant ones about suspects: a healthy pod's events
            // are never held.
            let suspectKeys = Set(slimSuspects.map { "\($0.namespace)/\($0.name)" })
            var field = "involvedObject.kind=Pod"
            if let pod { field += ",involvedObject.name=\(pod)" }
            var events: [EventRecord] = []
            for ns in scopes where !suspectKeys.isEmpty {
                let mark = events.count
                try await listAll(.events, namespace: ns, options: ListOptions(fieldSelector: field),
                                  decoding: ObjectDecoding<WatchedEvent>.scanned, reset: { events.removeSubrange(mark...) }) { page in
                    events += page.lazy.map(\.event).filter { e in
                        let reason = e.reason ?? ""
                        guard PodTracker.relevantReasons.contains(reason) || reason == "Pulling" || reason == "Started" else { return false }
                        return suspectKeys.contains("\(e.involvedObject.namespace ?? e.metadata?.namespace ?? "")/\(e.involvedObject.name ?? "")")
                    }
                }
            }
            let eventsByPod = Dictionary(grouping: events) { "\($0.involvedObject.namespace ?? $0.metadata?.namespace ?? "")/\($0.involvedObject.name ?? "")" }
            let now = cluster.serverTime()
            let owners = OwnerResolver(api: cluster)
            // Each suspect whole, its owners and its logs, a few suspects at a time; pods deleted since
            // the list are dropped.
            let gathered = try await Self.boundedMap(slimSuspects, width: Self.parallelFetches) { [self] slim -> Suspect? in
                guard let p = try await cluster.pod(namespace: slim.namespace, name: slim.name) else { return nil }
                async let chain = owners.chain(for: p)
                let logs = await fetchLogs(p)
                return Suspect(pod: p, owners: await chain, logs: logs)
            }
            var byNamespace: [String: DumpReader.Namespace] = [:]
            var evidence: [Evidence] = []
            for s in gathered.compactMap({ $0 }) {
                let (p, chain, podLogs) = (s.pod, s.owners, s.logs)
                let mine = (eventsByPod["\(p.namespace)/\(p.name)"] ?? []).filter { EvidenceAssembler.concerns($0, p) }
                evidence.append(Evidence(pod: p, events: mine, logs: podLogs, owners: chain, observedAt: now))
                var ns = byNamespace[p.namespace] ?? DumpReader.Namespace(name: p.namespace)
                ns.pods.append(p)
                ns.events += mine
                ns.owners += chain.map { OwnerObject(apiVersion: $0.apiVersion, kind: $0.kind, metadata: Diagnosis.ObjectMeta(name: $0.name, namespace: p.namespace)) }
                for (c, l) in podLogs {
                    if let cur = l.current { ns.currentLogs[p.name, default: ""] += EvidenceWriter.logBlock(namespace: p.namespace, pod: p.name, container: c, lines: cur) }
                    if let prev = l.previous { ns.previousLogs[p.name, default: ""] += EvidenceWriter.logBlock(namespace: p.namespace, pod: p.name, container: c, lines: prev) }
                }
                byNamespace[p.namespace] = ns
            }
            return ScanInput(evidence: evidence, observedAt: now, source: "cluster",
                             namespaces: byNamespace.values.sorted { $0.name < $1.name }, podsExamined: examined)
        }

        /// Pages through a LIST (KubeClient's pager: an expired continue token restarts it), handing each
        /// page on and dropping it; a restart tells the consumer to forget what it kept, so two snapshots never mix.
        func listAll<T: Sendable>(_ resource: Resource, namespace: String?, options: ListOptions, decoding: ObjectDecoding<T>,
                                  reset: () -> Void, page handle: ([T]) -> Void) async throws {
            _ = try await api.listAll(resource, namespace: namespace, options: options, decoding: decoding) { chunk in
                switch chunk {
                case .page(let items): handle(items.map(\.object))
                case .restarted: reset()
                }
            }
        }

        /// What was fetched about one suspect.
        struct Suspect: Sendable {
            var pod: Pod
            var owners: [WorkloadRef]
            var logs: [String: ContainerLogs]
        }

        /// `transform` over `items` with at most `width` running at once; results in the items' order.
        static func boundedMap<In: Sendable, Out: Sendable>(_ items: [In], width: Int,
                                                           _ transform: @escaping @Sendable (In) async throws -> Out) async throws -> [Out] {
            var results = [Out?](repeating: nil, count: items.count)
            try await withThrowingTaskGroup(of: (Int, Out).self) { group in
                var next = 0
                func start() {
                    let (i, item) = (next, items[next])
                    group.addTask { (i, try await transform(item)) }
                    next += 1
                }
                while next < min(items.count, width) { start() }
                for try await (i, out) in group {
                    results[i] = out
                    if next < items.count { start() }
                }
            }
            return results.map { $0! }
        }

        /// Requests in flight at once for the suspects' pods, logs and owners.
        static let parallelFetches = 8

        /// A pod worth diagnosing: restarts, a container that cannot start, or one running but not ready.
        static func isSuspect(_ p: Pod) -> Bool {
            if p.status?.reason == "Evicted" { return true }
            for s in (p.status?.containerStatuses ?? []) + (p.status?.initContainerStatuses ?? []) {
                if (s.restartCount ?? 0) > 0 || s.state?.waiting?.reason.map({ $0 != "ContainerCreating" && $0 != "PodInitializing" }) == true {
                    return true
                }
                if s.state?.running != nil && s.ready == false { return true }
            }
            return false
        }

        func fetchLogs(_ pod: Pod) async -> [String: ContainerLogs] {
            var out: [String: ContainerLogs] = [:]
            guard logs.enabled else { return out }
            for s in pod.status?.containerStatuses ?? [] where (s.restartCount ?? 0) > 0 || s.ready == false {
                var l = ContainerLogs()
                if s.lastState?.terminated != nil {
                    l.previous = try? await cluster.logs(namespace: pod.namespace, pod: pod.name, container: s.name, previous: true,
                                                         tailLines: logs.tailLines, limitBytes: logs.limitBytes)
                }
                if s.state?.running != nil {
                    l.current = try? await cluster.logs(namespace: pod.namespace, pod: pod.name, container: s.name, previous: false,
                                                        tailLines: logs.tailLines, limitBytes: logs.limitBytes)
                }
                out[s.name] = l
            }
            return out
        }
    }
}
