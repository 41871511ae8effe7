import Diagnosis
import Foundation
import Logging

/// The watch loop: pods and events in, incidents and notifications out.
///
/// Two watches feed a compact `PodTracker`. A trigger (a restart, a Killing/Unhealthy/BackOff event,
/// a container that cannot start, a long not-ready start) makes it fetch what the diagnosis needs —
/// bounded previous logs, the owner chain — build the evidence and diagnose. Findings become
/// incidents; a new or changed incident becomes a notification in the persisted queue.
actor WatchPipeline {
    struct Settings: Sendable {
        var scope: WatchScope
        var logs: LogFetchConfig
        /// A container that has run this long without becoming ready gets a look.
        var notReadyAfterSeconds: Double = 900
    }

    private let api: any ClusterAPI
    private let diagnoser: Diagnoser
    private let settings: Settings
    private let queue: NotificationQueue
    private let store: StateStore?
    private let metrics: Metrics
    private let logger: Logger
    private let owners: OwnerResolver
    private let wallClock: @Sendable () -> Double

    private var tracker = PodTracker()
    private var incidents: IncidentTracker
    private var limiter: RateLimiter
    /// The logs last fetched per container instance, so a rate-limited re-diagnosis still sees them.
    private var recentLogs: [String: ContainerLogs] = [:]
    private var recentOrder: [String] = []
    private static let recentLogsLimit = 32
    private var inFlight = Set<String>()
    private let refusals = RefusalReporter()
    private var dirty = Set<String>()
    /// Wall-clock time of the earliest trigger not yet diagnosed, per pod.
    private var triggerSeen: [String: Double] = [:]
    /// A pod failing its probe is looked at again only after a minute (kills and restarts always are): a
    /// slow-loading fleet fails probes every few seconds per pod, and diagnosing each failure kept the
    /// pipeline from answering the kills (issue #6, time to advice).
    private var probeFailureLooks = RateLimiter(perKeyInterval: 60)
    private(set) var podsSynced = false
    private(set) var eventsSynced = false
    private var wake: AsyncStream<Void>.Continuation?

    init(api: any ClusterAPI, diagnoser: Diagnoser, settings: Settings, queue: NotificationQueue, store: StateStore?,
         metrics: Metrics, logger: Logger, wallClock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws {
        self.api = api
        self.diagnoser = diagnoser
        self.settings = settings
        self.queue = queue
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.owners = OwnerResolver(api: api, logger: logger)
        self.wallClock = wallClock
        self.limiter = RateLimiter(perKeyInterval: settings.logs.perContainerIntervalSeconds, perMinute: settings.logs.perMinute)
        let saved = try store?.load([Incident].self, from: "incidents.json") ?? []
        self.incidents = IncidentTracker(incidents: saved)
    }

    var synced: Bool { podsSynced && eventsSynced }
    var trackedPods: Int { tracker.count }
    var openIncidents: [Incident] { incidents.all.filter { $0.state != .resolved } }

    /// Runs both watches and the delivery loop until cancelled.
    func run() async throws {
        let (wakeStream, wakeContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wake = wakeContinuation
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.consumePods() }
            group.addTask { try await self.consumeEvents() }
            group.addTask { await self.deliveryLoop(wakeStream) }
            try await group.next()
            group.cancelAll()
        }
    }

    // MARK: - Watches

    private func consumePods() async throws {
        for try await delta in api.watchPods(settings.scope) {
            switch delta {
            case .snapshot(let pods, let namespace):
                tracker.retain(only: Set(pods.map { PodTracker.PodKey(namespace: $0.namespace, name: $0.name) }), inNamespace: namespace)
                for p in pods { observe(p) }
            case .synced:
                if !podsSynced {
                    podsSynced = true
                    logger.info("pods synced", metadata: ["pods": "\(tracker.count)"])
                    MemoryTrim.afterBurst()
                }
            case .upsert(let p): observe(p)
            case .delete(let p): tracker.remove(namespace: p.namespace, name: p.name)
            }
            metrics.set("restartwatch_tracked_pods", Double(tracker.count))
        }
    }

    private func consumeEvents() async throws {
        for try await delta in api.watchEvents(settings.scope) {
            switch delta {
            case .synced: break
            case .snapshot(let events, _):
                // Old events still matter: they are evidence of kills an hour back. They attach to tracked
                // pods, so wait for the pods' first snapshot (the two watches start together).
                while !podsSynced { try await Task.sleep(for: .milliseconds(20)) }
                var touched = Set<String>()
                for e in events where tracker.record(e) != nil {
                    if let ns = e.involvedObject.namespace, let name = e.involvedObject.name { touched.insert("\(ns)/\(name)") }
                }
                // Pods diagnosed at the pods' snapshot did so without these events: look again.
                for key in touched.sorted() {
                    let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
                    schedule(namespace: parts[0], name: parts[1], pod: nil)
                }
                if !eventsSynced { MemoryTrim.afterBurst() }
                eventsSynced = true
            case .upsert(let e):
                if let trigger = tracker.record(e), let ns = e.involvedObject.namespace, let name = e.involvedObject.name,
                   trigger == .decisive || probeFailureDue(namespace: ns, name: name) {
                    schedule(namespace: ns, name: name, pod: nil)
                }
            case .delete: break
            }
        }
    }

    private func observe(_ pod: Pod) {
        let triggers = tracker.update(pod, now: api.serverTime(), notReadyAfterSeconds: settings.notReadyAfterSeconds)
        if triggers.contains(.restarted) { metrics.inc("restartwatch_restarts_observed_total") }
        trackReadiness(pod)
        // The watched pod carries no spec: the diagnosis GETs the whole pod.
        if !triggers.isEmpty { schedule(namespace: pod.namespace, name: pod.name, pod: pod.spec == nil ? nil : pod) }
    }

    /// Feeds readiness of pods that belong to open incidents, so incidents can resolve.
    private func trackReadiness(_ pod: Pod) {
        let now = api.serverTime()
        for inc in incidents.all where inc.state != .resolved && inc.key.namespace == pod.namespace && inc.pods.contains(pod.name) {
            let ready = pod.status(ofContainer: inc.key.container)?.ready ?? false
            if ready {
                for r in incidents.observeReady(namespace: inc.key.namespace, owner: inc.key.owner, container: inc.key.container, at: now) {
                    notify(r, .stateChanged(from: .confirmed))
                }
            } else {
                incidents.observeNotReady(namespace: inc.key.namespace, owner: inc.key.owner, container: inc.key.container)
            }
        }
    }

    // MARK: - Diagnosis

    /// Whether a probe failure of this pod is worth a diagnosis now; records it when it is.
    private func probeFailureDue(namespace: String, name: String) -> Bool {
        probeFailureLooks.allow("\(namespace)/\(name)", now: wallClock())
    }

    /// Coalesces triggers: one diagnosis per pod at a time; a trigger during one re-runs it after.
    private func schedule(namespace: String, name: String, pod: Pod?) {
        let key = "\(namespace)/\(name)"
        if triggerSeen[key] == nil { triggerSeen[key] = wallClock() }
        if inFlight.contains(key) { dirty.insert(key); return }
        inFlight.insert(key)
        Task { await self.diagnoseLoop(namespace: namespace, name: name, pod: pod) }
    }

    private func diagnoseLoop(namespace: String, name: String, pod: Pod?) async {
        let key = "\(namespace)/\(name)"
        var current = pod
        repeat {
            dirty.remove(key)
            let seen = triggerSeen.removeValue(forKey: key)
            await diagnose(namespace: namespace, name: name, pod: current, triggeredAt: seen)
            current = nil
        } while dirty.contains(key)
        inFlight.remove(key)
    }

    private func diagnose(namespace: String, name: String, pod given: Pod?, triggeredAt: Double?) async {
        var pod = given
        if pod == nil {
            do { pod = try await api.pod(namespace: namespace, name: name) } catch {
                logger.warning("cannot get pod for diagnosis", metadata: ["pod": "\(namespace)/\(name)", "error": "\(error)"])
                return
            }
        }
        guard let pod else { return }
        let logs = await fetchLogs(pod)
        let chain = pod.metadata.controller == nil ? [] : await owners.chain(for: pod)
        let evidence = Evidence(pod: pod, events: tracker.events(namespace: namespace, name: name), logs: logs,
                                history: tracker.history(namespace: namespace, name: name), owners: chain,
                                observedAt: api.serverTime())
        // The rules are pure and take milliseconds: off the actor, so a burst of kills is diagnosed on every
        // core while the watches keep flowing.
        let diagnoser = self.diagnoser
        let findings = await Task.detached { diagnoser.diagnose(evidence) }.value
        for finding in findings {
            // "Cannot tell yet" is not news for a daemon: the kubelet already reports the crash loop, and a
            // later restart usually brings the deciding evidence. `scan` still reports it.
            if finding.cause == .insufficientEvidence {
                logger.debug("undecided", metadata: ["pod": "\(namespace)/\(name)", "container": "\(finding.container)"])
                continue
            }
            let (incident, change) = incidents.record(finding, at: evidence.observedAt)
            if change != .unchanged {
                metrics.inc("restartwatch_findings_total", ["cause": finding.cause.rawValue])
                notify(incident, change, triggeredAt: triggeredAt)
            }
        }
    }

    /// Previous logs of restarted containers and the current tail of not-ready ones, bounded and rate-limited.
    private func fetchLogs(_ pod: Pod) async -> [String: ContainerLogs] {
        var out: [String: ContainerLogs] = [:]
        guard settings.logs.enabled else { return out }
        for status in pod.status?.containerStatuses ?? [] where !(status.ready ?? false) || (status.restartCount ?? 0) > 0 {
            var logs = ContainerLogs()
            // Keyed by instance: each restart's logs are worth one fetch; repeats within the interval are not.
            let key = "\(pod.namespace)/\(pod.name)/\(status.name)#\(status.restartCount ?? 0)"
            guard limiter.allow(key, now: wallClock()) else {
                metrics.inc("restartwatch_log_fetches_total", ["outcome": "rate_limited"])
                if let cached = recentLogs[key] { out[status.name] = cached }
                continue
            }
            if status.lastState?.terminated != nil {
                logs.previous = await fetch(pod, status.name, previous: true)
            }
            if status.state?.running != nil {
                logs.current = await fetch(pod, status.name, previous: false)
            }
            out[status.name] = logs
            remember(logs, key)
        }
        return out
    }

    private func remember(_ logs: ContainerLogs, _ key: String) {
        if recentLogs.updateValue(logs, forKey: key) == nil { recentOrder.append(key) }
        while recentOrder.count > Self.recentLogsLimit { recentLogs.removeValue(forKey: recentOrder.removeFirst()) }
    }

    private func fetch(_ pod: Pod, _ container: String, previous: Bool) async -> [String]? {
        do {
            let lines = try await api.logs(namespace: pod.namespace, pod: pod.name, container: container, previous: previous,
                                           tailLines: settings.logs.tailLines, limitBytes: settings.logs.limitBytes)
            metrics.inc("restartwatch_log_fetches_total", ["outcome": lines == nil ? "none" : "ok"])
            return lines
        } catch {
            metrics.inc("restartwatch_log_fetches_total", ["outcome": "error"])
            refusals.report(error, namespace: pod.namespace, logger: logger)
            logger.debug("log fetch failed", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "error": "\(error)"])
            return nil
        }
    }

    // MARK: - Notifications

    private func notify(_ incident: Incident, _ change: IncidentChange, triggeredAt: Double? = nil) {
        let n = Notification(incident: incident, change: change, triggeredAt: triggeredAt)
        Task { await queue.enqueue(n); self.wakeDelivery() }
        persistIncidents()
        metrics.set("restartwatch_incidents", Double(openIncidents.filter { $0.state == .confirmed }.count), ["state": "confirmed"])
        metrics.set("restartwatch_incidents", Double(openIncidents.filter { $0.state == .suspected }.count), ["state": "suspected"])
    }

    private func wakeDelivery() { wake?.yield() }

    private func persistIncidents() {
        incidents.forgetResolved(olderThan: 7 * 86400, now: api.serverTime())
        do { try store?.save(incidents.all, to: "incidents.json") } catch {
            logger.error("cannot persist incidents: \(error)")
        }
    }

    /// Delivers whenever something is queued, and once a second for retries that come due.
    private func deliveryLoop(_ wakeups: AsyncStream<Void>) async {
        let queue = self.queue
        await withTaskGroup(of: Void.self) { g in
            g.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    await self.wakeDelivery()
                }
            }
            g.addTask {
                for await _ in wakeups { await queue.deliverDue() }
            }
            await g.next()
            g.cancelAll()
        }
    }
}
