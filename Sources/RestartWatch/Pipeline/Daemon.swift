import Diagnosis
import Foundation
import Logging

/// `restartwatch watch` once the cluster is reachable: the pipeline, the delivery queue, /metrics,
/// systemd notification and a graceful SIGTERM (drain the queue within a deadline, then exit).
enum Daemon {
    struct Options {
        var config: RestartWatchConfig
        var scope: WatchScope
        var environment: [String: String]
        /// Stop after this many seconds (demo, tests); nil runs until a signal.
        var runFor: Double?
        /// Seconds allowed for the last deliveries after SIGTERM.
        var drainSeconds: Double = 10
        /// Extra notifiers (the demo's console printer).
        var extraNotifiers: [any Notifier] = []
        var stopWhen: (@Sendable ([Incident]) -> Bool)?
        var metrics = Metrics()
        /// Leader election: when set, this replica watches and notifies only while it holds the Lease.
        var leader: LeaderElector?
    }

    /// The Lease was lost: exit, and let the supervisor restart this replica as a standby.
    struct LeadershipLost: Error, CustomStringConvertible {
        var description: String { "lost the leader-election Lease; exiting so that this replica restarts as a standby" }
    }

    static func run(api: any ClusterAPI, options o: Options, logger: Logger) async throws {
        let metrics = o.metrics
        let store = try StateStore(directory: o.config.stateDirectory)
        let notifiers = try buildNotifiers(o.config, api: api, environment: o.environment, logger: logger) + o.extraNotifiers
        var attempts: [String: Int] = [:]
        if let w = o.config.notifiers.webhook { attempts["webhook"] = w.maxAttempts }
        if let s = o.config.notifiers.slack { attempts["slack"] = s.maxAttempts }
        let queue = try NotificationQueue(notifiers: notifiers, maxAttempts: attempts, store: store, logger: logger, metrics: metrics)
        let pipeline = try WatchPipeline(api: api, diagnoser: Diagnoser(settings: o.config.diagnosisSettings),
                                         settings: .init(scope: o.scope, logs: o.config.logs), queue: queue, store: store,
                                         metrics: metrics, logger: logger)
        let ready = ReadyFlag(false)
        var ops: OpsServer?
        if !o.config.metricsAddress.isEmpty, let hp = HostPort(o.config.metricsAddress) {
            ops = try await OpsServer.start(host: hp.host, port: hp.port, probes: .init(
                metrics: { metrics.render() }, healthy: { true }, ready: { ready.value }))
            logger.info("serving /metrics, /healthz, /readyz", metadata: ["address": "\(hp.host):\(ops!.port)"])
        }
        let systemd = SystemdNotify(environment: o.environment)
        logger.info("restartwatch watching", metadata: [
            "namespaces": "\(o.scope.namespaces.isEmpty ? "all" : o.scope.namespaces.joined(separator: ","))",
            "notifiers": "\(notifiers.map(\.name).joined(separator: ","))",
        ])
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    guard let leader = o.leader else { return try await pipeline.run() }
                    try await leader.acquire()
                    try await withThrowingTaskGroup(of: Void.self) { inner in
                        inner.addTask { try await pipeline.run() }
                        inner.addTask { await leader.holdLeadership(); if !Task.isCancelled { throw LeadershipLost() } }
                        try await inner.next()
                        inner.cancelAll()
                    }
                }
                group.addTask {
                    if o.leader != nil {
                        // A standby is a healthy, started replica.
                        ready.value = true
                        systemd.ready(status: "standing by for the leader-election Lease")
                    }
                    while !Task.isCancelled, await !pipeline.synced { try await Task.sleep(for: .milliseconds(50)) }
                    ready.value = true
                    systemd.ready(status: "synced \(await pipeline.trackedPods) pods")
                    while !Task.isCancelled {
                        if let stop = o.stopWhen, stop(await pipeline.openIncidents), await queue.depth == 0 { return }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                if let interval = systemd.watchdogInterval {
                    group.addTask {
                        while !Task.isCancelled {
                            systemd.watchdog()
                            try await Task.sleep(for: .seconds(interval))
                        }
                    }
                }
                group.addTask {
                    if let s = await ShutdownSignal.wait() { logger.notice("received signal \(s), shutting down") }
                }
                if let t = o.runFor { group.addTask { try await Task.sleep(for: .seconds(t)) } }
                // The first task to finish ends the daemon: a signal, the time limit, the stop condition,
                // or the pipeline itself failing (then its error propagates).
                try await group.next()
                group.cancelAll()
            }
        } catch is CancellationError {}
        systemd.stopping()
        await o.leader?.release()
        let deadline = Date().addingTimeInterval(o.drainSeconds)
        while await queue.depth > 0, Date() < deadline {
            await queue.deliverDue()
            if await queue.depth > 0 { try? await Task.sleep(for: .milliseconds(200)) }
        }
        let left = await queue.depth
        if left > 0 { logger.warning("\(left) notification(s) left in the queue; they will be sent at the next start") }
        await ops?.stop()
    }

    static func buildNotifiers(_ c: RestartWatchConfig, api: any ClusterAPI, environment: [String: String],
                               logger: Logger) throws -> [any Notifier] {
        var out: [any Notifier] = []
        if c.notifiers.log.enabled { out.append(LogNotifier(logger: logger)) }
        if let w = c.notifiers.webhook {
            out.append(WebhookNotifier(url: .init(try w.url.resolve(environment: environment)), timeoutSeconds: w.timeoutSeconds))
        }
        if let s = c.notifiers.slack {
            out.append(SlackNotifier(url: .init(try s.url.resolve(environment: environment)), timeoutSeconds: s.timeoutSeconds))
        }
        if c.notifiers.kubernetesEvent.enabled { out.append(KubernetesEventNotifier(api: api)) }
        return out
    }
}
