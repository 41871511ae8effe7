import Foundation
import Logging
import Testing
@testable import Diagnosis
@testable import RestartWatch

/// A notifier that records deliveries and fails on demand.
final class RecordingNotifier: Notifier, @unchecked Sendable {
    let name: String
    private let lock = NSLock()
    private var _delivered: [String] = []
    private var failures: [DeliveryError]

    init(name: String = "webhook", failures: [DeliveryError] = []) {
        self.name = name
        self.failures = failures
    }

    var delivered: [String] { lock.lock(); defer { lock.unlock() }; return _delivered }

    func deliver(_ n: RestartWatch.Notification) async throws {
        try lock.withLock {
            if !failures.isEmpty { throw failures.removeFirst() }
            _delivered.append(n.id)
        }
    }
}

/// A settable clock.
final class FakeClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t: Double
    init(_ t: Double = 1_000) { self.t = t }
    var now: Double { lock.lock(); defer { lock.unlock() }; return t }
    func advance(_ s: Double) { lock.lock(); t += s; lock.unlock() }
}

@Suite struct NotificationQueueTests {
    func notification(_ version: Int = 1) -> RestartWatch.Notification {
        var tracker = IncidentTracker()
        var (inc, change) = tracker.record(makeFinding(), at: KubeTime(seconds: 0))
        inc.version = version
        return RestartWatch.Notification(incident: inc, change: change)
    }

    @Test func retriesTransientFailuresWithBackoff() async throws {
        let clock = FakeClock()
        let hook = RecordingNotifier(failures: [.transient("HTTP 503")])
        let q = try NotificationQueue(notifiers: [hook], store: nil, logger: Logger(label: "test"), clock: { clock.now })
        await q.enqueue(notification())
        #expect(await q.deliverDue() == 1)
        #expect(hook.delivered.isEmpty)
        #expect(await q.entries.first?.attempts == 1)
        // Not due yet: nothing is tried.
        #expect(await q.deliverDue() == 1)
        clock.advance(3)
        #expect(await q.deliverDue() == 0)
        #expect(hook.delivered.count == 1)
    }

    @Test func permanentFailuresAreDroppedNotRetried() async throws {
        let hook = RecordingNotifier(failures: [.permanent("HTTP 404")])
        let metrics = Metrics()
        let q = try NotificationQueue(notifiers: [hook], store: nil, logger: Logger(label: "test"), metrics: metrics)
        await q.enqueue(notification())
        #expect(await q.deliverDue() == 0)
        #expect(hook.delivered.isEmpty)
        #expect(metrics.value("restartwatch_notification_failures_total", ["notifier": "webhook", "kind": "permanent"]) == 1)
    }

    @Test func aRestartLosesNoneAndRepeatsNone() async throws {
        let dir = TestPaths.temporaryDirectory("queue")
        let store = try StateStore(directory: dir)
        let clock = FakeClock()
        let first = RecordingNotifier(failures: [.transient("connection refused")])
        let log = RecordingNotifier(name: "log")
        do {
            let q = try NotificationQueue(notifiers: [first, log], store: store, logger: Logger(label: "t"), clock: { clock.now })
            await q.enqueue(notification(1))
            await q.enqueue(notification(1)) // duplicate id: ignored
            #expect(await q.depth == 2)
            await q.deliverDue()
            #expect(log.delivered.count == 1)
            #expect(first.delivered.isEmpty)
        } // the daemon "restarts" here
        clock.advance(10)
        let again = RecordingNotifier()
        let log2 = RecordingNotifier(name: "log")
        let q2 = try NotificationQueue(notifiers: [again, log2], store: store, logger: Logger(label: "t"), clock: { clock.now })
        #expect(await q2.depth == 1)
        await q2.deliverDue()
        #expect(again.delivered.count == 1)
        #expect(log2.delivered.isEmpty, "the log notification was delivered before the restart and must not repeat")
        let q3 = try NotificationQueue(notifiers: [again, log2], store: store, logger: Logger(label: "t"), clock: { clock.now })
        #expect(await q3.depth == 0)
    }

    @Test func backoffGrowsAndIsCapped() {
        #expect(NotificationQueue.backoff(attempt: 1, random: 0) == 2)
        #expect(NotificationQueue.backoff(attempt: 3, random: 0) == 8)
        #expect(NotificationQueue.backoff(attempt: 30, random: 0) == 300)
        #expect(NotificationQueue.backoff(attempt: 30, random: 0.999) < 376)
    }

    /// A notifier whose deliveries take `delay` each and that records start and end order.
    final class SlowNotifier: Notifier, @unchecked Sendable {
        let name: String
        let delay: Duration
        private let lock = NSLock()
        private var log: [String] = []
        private var concurrent = 0
        private(set) var maxConcurrent = 0
        init(name: String, delay: Duration) { self.name = name; self.delay = delay }
        var events: [String] { lock.withLock { log } }
        func deliver(_ n: RestartWatch.Notification) async throws {
            lock.withLock { log.append("start \(n.id)"); concurrent += 1; maxConcurrent = max(maxConcurrent, concurrent) }
            try await Task.sleep(for: delay)
            lock.withLock { log.append("end \(n.id)"); concurrent -= 1 }
        }
    }

    func notification(pod: String, version: Int) -> RestartWatch.Notification {
        var tracker = IncidentTracker()
        var (inc, change) = tracker.record(makeFinding(pod: pod, owner: WorkloadRef(kind: "Deployment", name: pod)), at: KubeTime(seconds: 0))
        inc.version = version
        return RestartWatch.Notification(incident: inc, change: change)
    }

    @Test func aSlowNotifierHoldsBackNeitherOthersNorOtherIncidents() async throws {
        let slow = SlowNotifier(name: "events", delay: .milliseconds(300))
        let fast = RecordingNotifier(name: "webhook")
        let q = try NotificationQueue(notifiers: [slow, fast], store: nil, logger: Logger(label: "test"))
        for i in 0..<6 { await q.enqueue(notification(pod: "p\(i)", version: 1)) }
        #expect(await q.deliverDue() == 0)
        // Different incidents of one notifier overlap (one after the other, six would take 1.8 s).
        #expect(slow.maxConcurrent > 1)
        #expect(fast.delivered.count == 6)
    }

    @Test func notificationsOfOneIncidentKeepTheirOrder() async throws {
        let slow = SlowNotifier(name: "webhook", delay: .milliseconds(50))
        let q = try NotificationQueue(notifiers: [slow], store: nil, logger: Logger(label: "test"))
        let first = notification(pod: "a", version: 1), second = notification(pod: "a", version: 2)
        await q.enqueue(first)
        await q.enqueue(second)
        #expect(await q.deliverDue() == 0)
        #expect(slow.events == ["start \(first.id)", "end \(first.id)", "start \(second.id)", "end \(second.id)"])
    }

    @Test func webhookPayloadSaysWhenTheTriggerWasSeen() throws {
        var n = notification(pod: "a", version: 1)
        n.triggeredAt = 1_795_000_000.25
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(WebhookPayload(n))) as? [String: Any]
        #expect(json?["triggeredAt"] as? String == "2026-11-18T11:06:40.250000Z")
        n.triggeredAt = nil
        let none = try JSONSerialization.jsonObject(with: JSONEncoder().encode(WebhookPayload(n))) as? [String: Any]
        #expect(none?["triggeredAt"] == nil)
    }
}
