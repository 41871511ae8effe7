import Foundation
import Testing
@testable import KubeClient

@Suite struct BackoffTests {
    @Test func doublesToTheCapAndResetsAfterTwoHealthyMinutes() {
        var b = Backoff()
        let delays = (0..<8).map { i in b.next(now: Double(i), random: 0) }
        #expect(delays == [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30])
        #expect(b.next(now: 8 + 121, random: 0) == 0.8, "reset after 2 min without backoff")
        var j = Backoff()
        #expect(abs(j.next(now: 0, random: 0.5) - 1.2) < 1e-9, "jitter adds up to 100 %")
    }
}

/// The async driver with fake list/watch closures and a fake clock.
@Suite struct ReflectorDriverTests {
    typealias Obj = KubeObject<String>
    static func obj(_ name: String, _ rv: String) -> Obj {
        KubeObject(header: ObjectHeader(name: name, namespace: "ml", resourceVersion: rv), object: name)
    }

    final class Script: @unchecked Sendable {
        let lock = NSLock()
        var lists: [Result<ObjectList<String>, KubeError>]
        var watches: [Result<WatchEventSequence<String>, KubeError>]
        var requested: [String] = []
        var sleeps: [Double] = []
        var now = 0.0
        init(lists: [Result<ObjectList<String>, KubeError>], watches: [Result<WatchEventSequence<String>, KubeError>]) {
            self.lists = lists
            self.watches = watches
        }
    }

    @Test func sleepsBackoffAndRetryAfterOutsideTheMachineAndStopsWhenCancelled() async throws {
        let script = Script(
            lists: [.failure(KubeError(kind: .serverError, message: "500")),
                    .success(ObjectList(metadata: ListMeta(resourceVersion: "5"), items: [Self.obj("a", "3")]))],
            watches: [.failure(KubeError(kind: .tooManyRequests, message: "429", retryAfterSeconds: 7)),
                      .failure(KubeError(kind: .connectionFailed, message: "refused")),
                      .success(WatchEventSequence(events: [.added(Self.obj("b", "6"))],
                                                  error: KubeError(kind: .transport, message: "reset")))])
        let done = Locked(false)
        let listWatch = ListWatch<String>(
            list: { o in
                try script.lock.withLock {
                    script.requested.append("list \(o.resourceVersion ?? "-")")
                    return try script.lists.removeFirst().get()
                }
            },
            watch: { o in
                try script.lock.withLock {
                    script.requested.append("watch \(o.resourceVersion ?? "-")")
                    if script.watches.isEmpty { done.withLock { $0 = true }; throw CancellationError() }
                    return try script.watches.removeFirst().get()
                }
            })
        let clock = ReflectorClock(
            now: { script.lock.withLock { script.now } },
            sleep: { s in
                script.lock.withLock { script.sleeps.append(s); script.now += s }
                if done.withLock({ $0 }) { throw CancellationError() }
            })
        let log = EventLog<String>()
        let task = Task {
            await Reflector(listWatch: listWatch, config: ReflectorConfig(seed: 1), clock: clock, random: { 0 }).run { log.append($0) }
        }
        #expect(await waitUntil(timeout: 5) { done.withLock { $0 } })
        task.cancel()
        await task.value
        let (requested, sleeps) = script.lock.withLock { (script.requested, script.sleeps) }
        #expect(Array(requested.prefix(5)) == ["list 0", "list 0", "watch 5", "watch 5", "watch 5"])
        #expect(requested.count >= 6 && requested[5] == "watch 6", "resumes after the drop from the last event's RV")
        #expect(Array(sleeps.prefix(3)) == [0.8, 7, 1.6], "backoff, Retry-After, backoff (doubled)")
        #expect(log.state == ["ml/a": "3", "ml/b": "6"])
        let problems = log.events.compactMap { if case .problem(let e) = $0 { e.kind } else { nil } }
        #expect(Array(problems.prefix(3)) == [.serverError, .tooManyRequests, .connectionFailed])
    }
}
