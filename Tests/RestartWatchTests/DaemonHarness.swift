import ClusterSim
import Foundation
@testable import RestartWatch

/// Everything an end-to-end test of `restartwatch watch` needs: a ClusterSim playing scenarios,
/// a webhook receiver, a kubeconfig and config file, and the real binary running as a daemon.
final class DaemonHarness: @unchecked Sendable {
    let sim: ClusterSim
    let receiver: WebhookReceiver
    let dir: String
    let speed: Double
    private(set) var runner: ScenarioRunner?

    init(speed: Double = 60) async throws {
        sim = try await ClusterSim.start()
        receiver = try await WebhookReceiver.start()
        dir = TestPaths.temporaryDirectory("e2e")
        self.speed = speed
    }

    func play(_ scenarios: [Scenario], simulatedSeconds: Double) {
        let r = ScenarioRunner(sim: sim, speed: speed)
        r.start(scenarios, forSimulatedSeconds: simulatedSeconds)
        runner = r
    }

    var kubeconfigPath: String {
        let path = dir + "/kubeconfig"
        if !FileManager.default.fileExists(atPath: path) {
            let text = """
            apiVersion: v1
            kind: Config
            current-context: sim
            clusters:
            - name: sim
              cluster:
                server: \(sim.baseURL)
            users:
            - name: nobody
              user: {}
            contexts:
            - name: sim
              context:
                cluster: sim
                user: nobody
                namespace: default
            """
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        }
        return path
    }

    /// A config file with the webhook notifier reading its URL from RW_TEST_HOOK.
    func configPath(namespaces: [String], stateDirectory: String? = nil, extra: String = "") -> String {
        let path = dir + "/config-\(UUID().uuidString).json"
        let ns = namespaces.map { "\"\($0)\"" }.joined(separator: ",")
        let state = stateDirectory ?? (dir + "/state")
        let text = """
        {"namespaces": [\(ns)], "stateDirectory": "\(state)", "metricsAddress": "",
         "notifiers": {"webhook": {"url": {"fromEnv": "RW_TEST_HOOK"}, "timeoutSeconds": 5, "maxAttempts": 50}}\(extra)}
        """
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// Starts `restartwatch watch …` in the background; its output goes to files in `dir`.
    func startDaemon(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Process {
        let p = Process()
        p.executableURL = BinaryRunner.executable
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["RW_TEST_HOOK"] = receiver.url
        env["KUBECONFIG"] = kubeconfigPath
        env.merge(extra) { $1 }
        p.environment = env
        let tag = UUID().uuidString.prefix(8)
        _ = FileManager.default.createFile(atPath: "\(dir)/daemon-\(tag).out", contents: nil)
        _ = FileManager.default.createFile(atPath: "\(dir)/daemon-\(tag).err", contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: "\(dir)/daemon-\(tag).out")
        p.standardError = FileHandle(forWritingAtPath: "\(dir)/daemon-\(tag).err")
        try p.run()
        return p
    }

    /// SIGTERM, then wait (at most `timeout` seconds) for a clean exit; returns the exit status.
    func stop(_ p: Process, timeout: Double = 20) async -> Int32 {
        if p.isRunning { p.terminate() }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit(); return -9 }
        return p.terminationStatus
    }

    /// Waits until `condition` holds or `timeout` real seconds pass.
    func wait(timeout: Double, until condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }

    /// Everything the daemons printed on standard error (for failure messages).
    var daemonLogs: String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".err") }.sorted().map { (try? String(contentsOfFile: "\(dir)/\($0)", encoding: .utf8)) ?? "" }
            .joined(separator: "\n").suffix(4000).description
    }

    /// Events restartwatch posted into the simulated cluster.
    func postedEvents(namespace: String) -> [[String: Any]] {
        sim.objects(resource: "events", namespace: namespace).compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
            .filter { $0["reportingComponent"] as? String == "restartwatch" }
    }

    func shutdown() async {
        runner?.stop()
        await receiver.stop()
        try? await sim.stop()
    }
}
