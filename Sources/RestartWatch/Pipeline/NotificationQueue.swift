import Foundation
import Logging

/// Pending deliveries, one per notification and notifier, persisted in the state directory so a
/// daemon restart loses none and repeats none (a delivered entry is removed and the file rewritten
/// before the next one is tried; receivers get a stable `X-Restartwatch-Delivery` id for the rare
/// crash between a delivery and that write).
actor NotificationQueue {
    struct Pending: Codable, Equatable, Sendable {
        var notification: Notification
        var notifier: String
        var attempts: Int
        /// Wall-clock seconds since 1970 of the next attempt.
        var nextAttemptAt: Double
        var lastError: String?
        var id: String { "\(notifier)|\(notification.id)" }
    }

    static let fileName = "queue.json"

    private var pending: [Pending]
    private let notifiers: [String: any Notifier]
    private let maxAttempts: [String: Int]
    private let store: StateStore?
    private let clock: @Sendable () -> Double
    private let logger: Logger
    private let metrics: Metrics?
    private var inFlight = Set<String>()

    init(notifiers: [any Notifier], maxAttempts: [String: Int] = [:], store: StateStore?, logger: Logger,
         metrics: Metrics? = nil, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws {
        var byName: [String: any Notifier] = [:]
        for n in notifiers { byName[n.name] = n }
        self.notifiers = byName
        self.maxAttempts = maxAttempts
        self.store = store
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        // Entries for notifiers that are no longer configured are dropped (and said so).
        let loaded = try store?.load([Pending].self, from: NotificationQueue.fileName) ?? []
        let kept = loaded.filter { byName[$0.notifier] != nil }
        pending = kept
        if loaded.count != kept.count {
            logger.warning("dropped \(loaded.count - kept.count) queued notification(s) for notifiers no longer configured")
        }
        metrics?.set("restartwatch_notification_queue_depth", Double(kept.count))
    }

    var depth: Int { pending.count }
    var entries: [Pending] { pending }

    /// Queues `n` for every notifier (idempotent: an id already queued is not added twice).
    func enqueue(_ n: Notification) {
        let now = clock()
        for name in notifiers.keys.sorted() {
            let p = Pending(notification: n, notifier: name, attempts: 0, nextAttemptAt: now)
            if !pending.contains(where: { $0.id == p.id }) { pending.append(p) }
        }
        persist()
    }

    /// Tries every due entry once, in queue order per notifier. Returns the number of entries still pending.
    @discardableResult
    func deliverDue() async -> Int {
        let now = clock()
        var waiting = pending.filter { $0.nextAttemptAt <= now && !inFlight.contains($0.id) && notifiers[$0.notifier] != nil }
        waiting.forEach { inFlight.insert($0.id) }
        // Deliveries run in parallel, up to `parallelPerNotifier` per notifier, so one slow receiver (an
        // API server posting Events under load, a webhook timing out) holds back nobody else, and a burst
        // of kills is not delivered one after the other. Notifications of one incident keep their order.
        var running: [(notifier: String, incident: String)] = []
        await withTaskGroup(of: (Pending, DeliveryError?).self) { group in
            func startWhatMay() {
                var i = 0
                while i < waiting.count {
                    let e = waiting[i]
                    let incident = e.notification.incident.key.description
                    let busy = running.contains { $0.notifier == e.notifier && $0.incident == incident }
                    let earlier = waiting[..<i].contains { $0.notifier == e.notifier && $0.notification.incident.key.description == incident }
                    let lane = running.filter { $0.notifier == e.notifier }.count
                    if !busy, !earlier, lane < Self.parallelPerNotifier, let notifier = notifiers[e.notifier] {
                        waiting.remove(at: i)
                        running.append((e.notifier, incident))
                        group.addTask { await Self.deliver(e, with: notifier) }
                    } else {
                        i += 1
                    }
                }
            }
            startWhatMay()
            for await (entry, outcome) in group {
                if let r = running.firstIndex(where: { $0.notifier == entry.notifier && $0.incident == entry.notification.incident.key.description }) {
                    running.remove(at: r)
                }
                inFlight.remove(entry.id)
                finish(entry, outcome)
                startWhatMay()
            }
        }
        return pending.count
    }

    /// Deliveries in flight at once per notifier.
    static let parallelPerNotifier = 8

    /// One delivery attempt, its error classified.
    private static func deliver(_ entry: Pending, with notifier: any Notifier) async -> (Pending, DeliveryError?) {
        do {
            try await notifier.deliver(entry.notification)
            return (entry, nil)
        } catch let e as DeliveryError {
            return (entry, e)
        } catch {
            return (entry, .transient("\(error)"))
        }
    }

    private func finish(_ entry: Pending, _ outcome: DeliveryError?) {
        guard let i = pending.firstIndex(where: { $0.id == entry.id }) else { return }
        switch outcome {
        case nil:
            pending.remove(at: i)
            metrics?.inc("restartwatch_notifications_sent_total", ["notifier": entry.notifier])
        case .permanent(let why)?:
            logger.error("notification dropped", metadata: ["notifier": "\(entry.notifier)", "id": "\(entry.notification.id)", "error": "\(why)"])
            pending.remove(at: i)
            metrics?.inc("restartwatch_notification_failures_total", ["notifier": entry.notifier, "kind": "permanent"])
        case .transient(let why)?:
            pending[i].attempts += 1
            pending[i].lastError = why
            metrics?.inc("restartwatch_notification_failures_total", ["notifier": entry.notifier, "kind": "transient"])
            let limit = maxAttempts[entry.notifier] ?? 8
            if pending[i].attempts >= limit {
                logger.error("notification dropped after \(limit) attempts", metadata: ["notifier": "\(entry.notifier)", "error": "\(why)"])
                pending.remove(at: i)
            } else {
                pending[i].nextAttemptAt = clock() + NotificationQueue.backoff(attempt: pending[i].attempts)
                logger.warning("notification delivery failed; will retry", metadata: ["notifier": "\(entry.notifier)", "attempt": "\(pending[i].attempts)", "error": "\(why)"])
            }
        }
        persist()
    }

    /// 2, 4, 8 … seconds, capped at 5 minutes, with up to 25 % jitter.
    static func backoff(attempt: Int, random: Double = Double.random(in: 0..<1)) -> Double {
        let base = min(300, pow(2, Double(min(attempt, 20))))
        return base * (1 + 0.25 * random)
    }

    /// Seconds until the next entry is due (0 if one is due now), nil when empty.
    func nextDueIn() -> Double? {
        guard let next = pending.map(\.nextAttemptAt).min() else { return nil }
        return max(0, next - clock())
    }

    private func persist() {
        metrics?.set("restartwatch_notification_queue_depth", Double(pending.count))
        guard let store else { return }
        do { try store.save(pending, to: NotificationQueue.fileName) } catch {
            logger.error("cannot persist the notification queue: \(error)")
        }
    }
}
