import ClusterSim
import Foundation
import Testing

/// Secrets (webhook URLs, Slack URLs) never reach logs or output, even when delivery fails.
@Suite struct SecretsTests {
    @Test func failingWebhookNeverLogsItsURL() async throws {
        let scenario = Scenario.gatedModel401Crash()
        let h = try await DaemonHarness(speed: 60)
        defer { Task { await h.shutdown() } }
        let secret = "T0SECRET/B0SECRET/xoxb-SECRETSECRETSECRET"
        // Nothing listens on port 9: every delivery fails and is logged (without the URL).
        let hook = "http://127.0.0.1:9/services/\(secret)"
        let path = h.dir + "/secret-config.json"
        let config = """
        {"namespaces": ["\(scenario.namespace)"], "stateDirectory": "\(h.dir)/state", "metricsAddress": "",
         "logLevel": "debug",
         "notifiers": {"webhook": {"url": {"fromEnv": "RW_SECRET_HOOK"}, "timeoutSeconds": 2},
                       "slack": {"url": {"fromEnv": "RW_SECRET_HOOK"}, "timeoutSeconds": 2}}}
        """
        _ = FileManager.default.createFile(atPath: path, contents: Data(config.utf8))
        let daemon = try h.startDaemon(["watch", "--config", path, "--log-format", "json"], environment: ["RW_SECRET_HOOK": hook])
        #expect(await h.sim.waitForWatches(count: 2, timeout: 20), "\(h.daemonLogs)")
        h.play([scenario], simulatedSeconds: 400)
        let failed = await h.wait(timeout: 30) { h.daemonLogs.contains("notification delivery failed") }
        #expect(failed, "\(h.daemonLogs)")
        _ = await h.stop(daemon)
        let logs = h.daemonLogs
        #expect(!logs.contains("SECRET"), "a secret reached the logs")
        #expect(logs.contains("127.0.0.1"), "the failure should still name the host")
        let queue = (try? String(contentsOfFile: "\(h.dir)/state/queue.json", encoding: .utf8)) ?? ""
        #expect(!queue.contains("SECRET"), "a secret reached the state directory")
    }
}
