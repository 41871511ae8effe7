import ClusterSim
import Diagnosis
import Foundation
import KubeClient
import Logging

/// Watch ingestion through restartwatch's own path: libcurl → line framing → decoding → reflector →
/// per-container store (`PodTracker`) → restart detection.
enum IngestBench {
    /// One ingestion run.
    struct Result: Codable, Sendable {
        var mode: String
        var events: Int
        var bytes: Int
        var seconds: Double
        var restartsDetected: Int
        var mbPerSecond: Double
        var eventsPerSecond: Double

        init(mode: String, events: Int, bytes: Int, seconds: Double, restartsDetected: Int) {
            (self.mode, self.events, self.bytes, self.seconds, self.restartsDetected) = (mode, events, bytes, seconds, restartsDetected)
            mbPerSecond = seconds > 0 ? Double(bytes) / 1e6 / seconds : 0
            eventsPerSecond = seconds > 0 ? Double(events) / seconds : 0
        }
    }

    static let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }

    static func api(_ sim: ClusterSim) -> CurlKubeAPI {
        CurlKubeAPI(config: ClientConfig(server: sim.baseURL, origin: "restartwatch bench (ClusterSim)"), credentials: StaticCredentialProvider(), logger: quiet)
    }

    /// Replay: the M events are already in the sim's history; the reflector's list is answered with the
    /// resourceVersion from before them, so its watch replays them at full speed with no producer running.
    static func replay(_ fixture: StreamFixture) async throws -> Result {
        let api = api(fixture.sim)
        let from = String(fixture.startRV)
        let sink = Sink(expected: fixture.events)
        // The watch path's own decoding: WatchedPod (metadata and status only).
        let listWatch = ListWatch<WatchedPod>(
            list: { opts in
                var page = try await api.listPage(.pods, namespace: nil, options: opts, decoding: ObjectDecoding<WatchedPod>.scanned)
                page.metadata.resourceVersion = from
                return page
            },
            watch: { try await api.watch(.pods, namespace: nil, options: $0, decoding: ObjectDecoding<WatchedPod>.scanned) })
        let reflector = Reflector<WatchedPod>(listWatch: listWatch, logger: quiet)
        let task = Task {
            await reflector.run { event in
                switch event {
                case .snapshot(let objects, _): sink.snapshot(objects.map(\.object.pod))
                case .added(let o), .modified(let o): sink.upsert(o.object.pod)
                case .deleted, .problem: break
                }
            }
        }
        let ok = await sink.waitDone(timeout: 600)
        // Timed from the end of the initial list (the stream only), like the Python client, which does not list.
        let seconds = sink.syncedAt.map { (ContinuousClock.now - $0).seconds } ?? 0
        task.cancel()
        guard ok else { throw BenchError("replay ingestion: only \(sink.received) of \(fixture.events) events arrived") }
        return Result(mode: "replay", events: sink.received, bytes: fixture.bytes, seconds: seconds, restartsDetected: sink.restarts)
    }

    /// Live: the pipeline's own `KubeClusterAPI.watchPods` is synced, then a producer writes the M events
    /// into the sim while it consumes (the producer's cost is on the same 2 cores, as for the peers).
    static func live(_ fixture: StreamFixture) async throws -> Result {
        let cluster = KubeClusterAPI(api: api(fixture.sim), logger: quiet, instance: "bench")
        let sink = Sink(expected: fixture.events)
        let consumer = Task {
            for try await delta in cluster.watchPods(WatchScope(namespaces: [], labelSelector: nil, podName: nil)) {
                switch delta {
                case .snapshot(let pods, _): sink.snapshot(pods)
                case .upsert(let p): sink.upsert(p)
                case .delete, .synced: break
                }
            }
        }
        guard await sink.waitSynced(timeout: 120) else { consumer.cancel(); throw BenchError("live ingestion: no initial sync") }
        fixture.prepare()
        let clock = ContinuousClock()
        let start = clock.now
        let bytes = try fixture.produce()
        let ok = await sink.waitDone(timeout: 600)
        let seconds = (clock.now - start).seconds
        consumer.cancel()
        guard ok else { throw BenchError("live ingestion: only \(sink.received) of \(fixture.events) events arrived") }
        return Result(mode: "live", events: sink.received, bytes: bytes, seconds: seconds, restartsDetected: sink.restarts)
    }

    /// Consumer side: the tracker and the counters, behind a lock (the reflector calls from its task).
    final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private var tracker = PodTracker()
        private var synced = false
        private(set) var syncedAt: ContinuousClock.Instant?
        private(set) var received = 0
        private(set) var restarts = 0
        let expected: Int

        init(expected: Int) { self.expected = expected }

        func snapshot(_ pods: [Pod]) {
            lock.withLock {
                tracker.retain(only: Set(pods.map { PodTracker.PodKey(namespace: $0.namespace, name: $0.name) }))
                for p in pods { _ = tracker.update(p, now: KubeTime(seconds: 0), notReadyAfterSeconds: 900) }
                synced = true
                syncedAt = ContinuousClock.now
            }
        }

        func upsert(_ pod: Pod) {
            lock.withLock {
                received += 1
                if tracker.update(pod, now: KubeTime(seconds: 0), notReadyAfterSeconds: 900).contains(.restarted) { restarts += 1 }
            }
        }

        func waitSynced(timeout: Double) async -> Bool { await poll(timeout) { self.lock.withLock { self.synced } } }
        func waitDone(timeout: Double) async -> Bool { await poll(timeout) { self.lock.withLock { self.received >= self.expected } } }
    }
}

/// Polls `condition` every millisecond until it holds or `timeout` seconds pass.
func poll(_ timeout: Double, _ condition: @Sendable () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 1_000_000)
    }
    return condition()
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// A benchmark step that could not complete.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
