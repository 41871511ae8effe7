import ArgumentParser
import Foundation

/// `restartwatch bench`: ingestion, memory and scan numbers beside kubectl and the Python client (issue #6).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure watch ingestion, memory per pod and scan cost against a loopback ClusterSim, beside kubectl and the Python client.",
        discussion: "Build in release first (scripts/bench does both). Peers that are not installed are skipped with a message."
    )

    @Option(name: .customLong("pods"), help: "Pods in the ingestion stream's cluster (each event restarts one of them).")
    var pods: Int = 1000

    @Option(name: .customLong("events"), help: "MODIFIED events in the ingestion stream.")
    var events: Int = 10000

    @Option(name: .customLong("memory-pods"), help: "Comma-separated pod counts for the memory test.")
    var memoryPods: String = "1000,10000"

    @Option(name: .customLong("scan-pods"), help: "Pods in the scan test's cluster (0 skips the scan).")
    var scanPods: Int = 10000

    @Option(name: .customLong("scan-events"), help: "Events in the scan test's cluster.")
    var scanEvents: Int = 50000

    @Option(name: .customLong("advice-stories"), help: "Independent probe-kill stories for time to advice (0 skips it).")
    var adviceStories: Int = 20

    @Option(name: .customLong("advice-speed"), help: "Simulated seconds per wall second while they play.")
    var adviceSpeed: Double = 60

    @Option(name: .customLong("steady-seconds"), help: "Wall seconds of steady-state API load measurement (a restart every 2 s).")
    var steadySeconds: Double = 60

    @Option(name: .customLong("retain-probe"), help: .hidden)
    var retainProbe: Int?

    @Option(name: .customLong("tracker-probe"), help: .hidden)
    var trackerProbe: Int?

    @Flag(name: .customLong("decode-attribution"), help: .hidden)
    var decodeAttribution = false

    /// Serves the scan test's cluster (--scan-pods, --scan-events) until interrupted and prints its
    /// kubeconfig's path, for profiling one tool by hand.
    @Flag(name: .customLong("serve-scan-cluster"), help: .hidden)
    var serveScanCluster = false

    @Flag(name: .customLong("quick"), help: "Tiny sizes (CI smoke run; seconds).")
    var quick = false

    @Flag(inversion: .prefixedNo, help: "Run kubectl and the Python client beside restartwatch.")
    var peers = true

    @Option(name: .customLong("python"), help: "Python interpreter that has the `kubernetes` package.")
    var python: String = "python3"

    @Option(name: [.short, .customLong("output")], help: "text or json.")
    var output: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(output) else { throw ValidationError("-o must be text or json") }
        guard pods > 0, events > 0 else { throw ValidationError("--pods and --events must be positive") }
        guard memorySizes != nil else { throw ValidationError("--memory-pods must be comma-separated positive integers") }
    }

    var memorySizes: [Int]? {
        let v = memoryPods.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        return v.allSatisfy { ($0 ?? 0) > 0 } ? v.compactMap { $0 } : nil
    }

    func run() async throws {
        if decodeAttribution {
            for line in try DecodeProbe.attribution(events: events) { print(line) }
            return
        }
        if serveScanCluster {
            let sim = try await FootprintBench.cluster(pods: scanPods, events: scanEvents, restartingEvery: 100)
            let dir = NSTemporaryDirectory() + "restartwatch-scan-cluster-\(getpid())"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            FileHandle.standardOutput.write(Data((try FootprintBench.writeKubeconfig(sim, dir: dir) + "\n").utf8))
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        if let n = trackerProbe {
            print(String(format: "%.0f", try DecodeProbe.trackerBytesPerPod(n)))
            return
        }
        if let n = retainProbe {
            print(try DecodeProbe.retainedBytesPerPod(n))
            return
        }
        let sizes = quick ? BenchSizes.quick : BenchSizes(pods: pods, events: events, memoryPods: memorySizes ?? [],
                                                          scanPods: scanPods, scanEvents: scanEvents, adviceStories: adviceStories,
                                                          adviceSpeed: adviceSpeed, steadySeconds: steadySeconds)
        let dir = NSTemporaryDirectory() + "restartwatch-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let progress: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        let report = try await BenchRunner(sizes: sizes, peers: peers, python: python, dir: dir, progress: progress).run()
        if output == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table())
        }
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// The sizes of one benchmark run.
struct BenchSizes: Codable, Sendable {
    var pods: Int
    var events: Int
    var memoryPods: [Int]
    var scanPods: Int
    var scanEvents: Int
    var adviceStories: Int
    var adviceSpeed: Double
    var steadySeconds: Double

    static let quick = BenchSizes(pods: 20, events: 200, memoryPods: [100], scanPods: 100, scanEvents: 500,
                                  adviceStories: 2, adviceSpeed: 120, steadySeconds: 2)
}
