import ArgumentParser
import ClusterSim
import Diagnosis
import Foundation
import KubeClient
import Logging

/// `restartwatch demo`: the whole product on a simulated cluster, for people without one.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run restartwatch against a simulated cluster playing the AIBrix quickstart restart loop.",
        discussion: """
        Starts ClusterSim (a Kubernetes API server on 127.0.0.1) with a kubelet-like player running \
        the AIBrix quickstart: deepseek-r1-distill-llama-8b, liveness probe 120 s + 3 × 5 s, no cache \
        volume, a ~16 GB download at ~50 MB/s — in accelerated time. The real `watch` pipeline \
        connects to it through libcurl and prints what it finds and the patch that fixes it.
        """
    )

    @Option(help: "Simulated seconds per real second.")
    var speed: Double = 30

    @Option(help: "Scenario to play: \(Scenario.catalog.map(\.id).joined(separator: ", ")).")
    var scenario: String = Scenario.aibrixQuickstart().id

    @Option(help: "Give up after this many real seconds.")
    var timeout: Double = 90

    @Flag(help: "Keep the simulated cluster running after the finding (inspect it with kubectl; Ctrl-C to stop).")
    var keepRunning = false

    func validate() throws {
        guard Scenario.named(scenario) != nil else {
            throw ValidationError("unknown scenario \"\(scenario)\"; choose one of: \(Scenario.catalog.map(\.id).joined(separator: ", "))")
        }
        guard speed >= 1, speed <= 1000 else { throw ValidationError("--speed must be between 1 and 1000") }
    }

    func run() async throws {
        LogSetup.bootstrap(format: "text", level: "warning")
        let logger = Logger(label: "restartwatch.demo")
        let story = Scenario.named(scenario)!
        let sim = try await ClusterSim.start()
        let runner = ScenarioRunner(sim: sim, speed: speed)
        let out = ConsoleNotifier()
        out.say("""
        restartwatch demo — simulated cluster at \(sim.baseURL) (\(Int(speed))× real time)
        scenario: \(story.id) — \(story.summary)
        watching pods and events through libcurl…

        """)
        runner.start([story], forSimulatedSeconds: 6 * 3600)
        let state = TemporaryDirectory.make("restartwatch-demo")
        var config = RestartWatchConfig()
        config.stateDirectory = state
        config.metricsAddress = ""
        config.notifiers.log.enabled = false
        let client = ClientConfig(server: sim.baseURL, namespace: story.namespace, origin: "restartwatch demo (ClusterSim)")
        let kube = CurlKubeAPI(config: client, credentials: StaticCredentialProvider(), logger: logger)
        let api = KubeClusterAPI(api: kube, logger: logger, instance: "restartwatch-demo")
        var options = Daemon.Options(config: config, scope: WatchScope(namespaces: [story.namespace], labelSelector: nil, podName: nil),
                                     environment: [:])
        options.extraNotifiers = [out]
        options.runFor = keepRunning ? nil : timeout
        options.drainSeconds = 3
        let expectsFinding = story.expected.cause != "none"
        if !keepRunning {
            options.stopWhen = { (incidents: [Incident]) in
                expectsFinding ? incidents.contains { $0.state == .confirmed } : false
            }
        }
        let started = Date()
        try await Daemon.run(api: api, options: options, logger: logger)
        runner.stop()
        let events = sim.objects(resource: "events", namespace: story.namespace).filter {
            String(decoding: $0, as: UTF8.self).contains("\"reportingComponent\":\"restartwatch\"")
        }
        out.say("""

        \(out.count) notification(s) after \(String(format: "%.1f", Date().timeIntervalSince(started))) s \
        (≈ \(Int(Date().timeIntervalSince(started) * speed)) simulated seconds); \
        \(events.count) Event(s) posted back to the cluster, where `kubectl describe pod` shows them.
        """)
        try? await sim.stop()
        try? FileManager.default.removeItem(atPath: state)
        if out.count == 0 && expectsFinding {
            throw ValidationError("the demo ended before restartwatch reported the loop (try a higher --speed or --timeout)")
        }
    }
}

/// Prints each notification for a person: the finding, the evidence and the patch.
final class ConsoleNotifier: Notifier, @unchecked Sendable {
    let name = "console"
    private let lock = NSLock()
    private var _count = 0
    var count: Int { lock.withLock { _count } }

    func say(_ text: String) {
        lock.withLock { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    }

    func deliver(_ n: Notification) async throws {
        let text = "── \(n.headline)\n" + TextReport.render(n.incident.finding)
        lock.withLock {
            _count += 1
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
    }
}

/// A fresh temporary directory.
enum TemporaryDirectory {
    static func make(_ label: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
