import Foundation

/// Runs every benchmark in a fixed interleaved order and collects the report.
struct BenchRunner {
    let sizes: BenchSizes
    let peers: Bool
    let python: String
    let dir: String
    let progress: @Sendable (String) -> Void

    var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    func run() async throws -> BenchReport {
        var report = BenchReport(sizes: sizes, notes: [])
        try await ingestion(&report)
        try await memory(&report)
        if sizes.adviceStories > 0 {
            progress("time to advice: \(sizes.adviceStories) startup-probe-kill stories at \(Int(sizes.adviceSpeed))× speed")
            for logFetch in [false, true] {
                report.advice.append(try await AdviceBench.run(executable: executable, stories: sizes.adviceStories, speed: sizes.adviceSpeed,
                                                               logFetch: logFetch, dir: dir))
            }
        }
        if sizes.scanPods > 0 {
            progress("scan over \(sizes.scanPods) pods and \(sizes.scanEvents) events")
            report.scan = try await FootprintBench.scan(executable: executable, pods: sizes.scanPods, events: sizes.scanEvents,
                                                        dir: dir, peers: peers)
        }
        return report
    }

    /// Replay (restartwatch, then Python on the same preloaded stream), then live (restartwatch, then kubectl).
    private func ingestion(_ report: inout BenchReport) async throws {
        progress("ingestion: \(sizes.events) events over \(sizes.pods) pods (replay)")
        let replay = try await StreamFixture.make(pods: sizes.pods, events: sizes.events, preload: true)
        report.streamBytes = replay.bytes
        report.ingestion.append(try await IngestBench.replay(replay))
        if peers {
            if let problem = await PeerBench.pythonProblem(python, dir: dir) {
                report.peers.append(.skip("python-kubernetes", problem))
                progress("skipping the Python client: \(problem)")
            } else {
                progress("ingestion: Python client (replay)")
                report.peers.append(try await PeerBench.python(replay, python: python, dir: dir))
            }
        }
        await replay.stop()
        progress("ingestion: decoding the same kind of lines in memory (no network)")
        report.ingestion.append(try DecodeProbe.decode(pods: sizes.pods, events: sizes.events))
        progress("ingestion: live (producer writing while restartwatch consumes)")
        let live = try await StreamFixture.make(pods: sizes.pods, events: sizes.events, preload: false)
        report.ingestion.append(try await IngestBench.live(live))
        await live.stop()
        if peers {
            let k = try await StreamFixture.make(pods: sizes.pods, events: sizes.events, preload: false)
            progress("ingestion: kubectl (live)")
            report.peers.append(try await PeerBench.kubectl(k, dir: dir))
            await k.stop()
        }
    }

    private func memory(_ report: inout BenchReport) async throws {
        guard !sizes.memoryPods.isEmpty else { return }
        progress("memory: restartwatch watch with 0 pods (baseline)")
        let base = try await FootprintBench.watchRSS(executable: executable, pods: 0, dir: dir)
        report.memory.append(.init(pods: 0, rssBytes: base.rss, peakRSSBytes: base.peak, bytesPerPod: 0))
        let largest = sizes.memoryPods.max() ?? 0
        for n in sizes.memoryPods {
            progress("memory: restartwatch watch with \(n) pods, then steady-state API load")
            let m = try await FootprintBench.watchRSS(executable: executable, pods: n, dir: dir, steadySeconds: sizes.steadySeconds)
            if let load = m.load { report.apiLoad.append(load) }
            if n == largest {
                report.decodedPodBytes = try await DecodeProbe.retainedInChild(executable: executable, n: n, dir: dir)
            }
            report.memory.append(.init(pods: n, rssBytes: m.rss, peakRSSBytes: m.peak, bytesPerPod: Double(m.rss - base.rss) / Double(n)))
        }
    }
}
