import ClusterSim
import Foundation

/// A ClusterSim holding `pods` generated pods, and the `events` MODIFIED events of the stream (each one
/// a new restart of a pod, cycling through them) — written up front (`preload`) or by `produce()`.
final class StreamFixture: @unchecked Sendable {
    let sim: ClusterSim
    let pods: Int
    let events: Int
    let generator = PodGenerator()
    /// The resourceVersion just before the first stream event.
    private(set) var startRV = 0
    /// Bytes of the watch lines of the stream (`{"type":"MODIFIED","object":…}\n`).
    private(set) var bytes = 0

    private init(sim: ClusterSim, pods: Int, events: Int) {
        self.sim = sim
        self.pods = pods
        self.events = events
    }

    static func make(pods: Int, events: Int, preload: Bool) async throws -> StreamFixture {
        var options = ClusterSim.Options()
        // Nobody may be closed as a slow consumer: the whole stream stays replayable.
        options.historyLimit = pods + events + 1000
        let sim = try await ClusterSim.start(options)
        let f = StreamFixture(sim: sim, pods: pods, events: events)
        for i in 0..<pods {
            try sim.put(resource: "pods", namespace: f.generator.namespace(i), name: f.generator.name(i), json: f.generator.pod(i, version: 0))
        }
        f.startRV = sim.currentResourceVersion
        if preload { f.bytes = try f.produce() }
        return f
    }

    /// The events' objects, generated before a live run so the timed producer only writes (generating
    /// ~9 KB of JSON per event cost as much as the simulator's own work and capped every live consumer).
    private var prepared: [Data] = []

    /// Generates the events' objects ahead of `produce()` (about 9 KB each, held in memory).
    func prepare() {
        prepared = (0..<events).map { e in generator.pod(e % pods, version: e / pods + 1) }
    }

    /// Writes the stream's events into the sim as fast as it takes them; returns their watch-line bytes.
    @discardableResult
    func produce() throws -> Int {
        let envelope = #"{"type":"MODIFIED","object":}"#.utf8.count + 1
        var total = 0
        for e in 0..<events {
            let i = e % pods, ns = generator.namespace(i), name = generator.name(i)
            let json = e < prepared.count ? prepared[e] : generator.pod(i, version: e / pods + 1)
            try sim.put(resource: "pods", namespace: ns, name: name, json: json)
            total += (sim.object(resource: "pods", namespace: ns, name: name)?.count ?? 0) + envelope
        }
        prepared = []
        bytes = total
        return total
    }

    func stop() async { try? await sim.stop() }
}
