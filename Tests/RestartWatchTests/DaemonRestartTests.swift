import ClusterSim
import Foundation
import Testing
@testable import RestartWatch

/// Notifications queued while the webhook is down survive a daemon restart: none lost, none repeated.
@Suite struct DaemonRestartTests {
    @Test func queuedNotificationsSurviveARestart() async throws {
        let scenario = Scenario.aibrixQuickstart()
        let h = try await DaemonHarness(speed: 60)
        defer { Task { await h.shutdown() } }
        let state = h.dir + "/state"
        let config = h.configPath(namespaces: [scenario.namespace], stateDirectory: state)
        h.receiver.failWith = 503
        let first = try h.startDaemon(["watch", "--config", config])
        #expect(await h.sim.waitForWatches(count: 2, timeout: 20), "\(h.daemonLogs)")
        h.play([scenario], simulatedSeconds: 3600)
        let queueFile = state + "/queue.json"
        let queued = await h.wait(timeout: 30) {
            guard let d = FileManager.default.contents(atPath: queueFile),
                  let entries = try? JSONSerialization.jsonObject(with: d) as? [[String: Any]] else { return false }
            return entries.contains { $0["notifier"] as? String == "webhook" && ($0["attempts"] as? Int ?? 0) >= 1 }
        }
        #expect(queued, "no failed webhook delivery was queued: \(h.daemonLogs)")
        #expect(await h.stop(first, timeout: 30) == 0)
        #expect(h.receiver.bodies.isEmpty)

        h.receiver.failWith = 0
        let second = try h.startDaemon(["watch", "--config", config])
        let delivered = await h.wait(timeout: 30) { !h.receiver.bodies.isEmpty }
        #expect(delivered, "the queued notification was lost: \(h.daemonLogs)")
        try await Task.sleep(for: .seconds(2))
        #expect(await h.stop(second) == 0)
        let ids = h.receiver.headers.compactMap { $0["x-restartwatch-delivery"] }
        #expect(Set(ids).count == ids.count, "repeated: \(ids)")
        #expect(ids.first?.hasSuffix("#v1") == true, "the first notification of the incident must be delivered: \(ids)")
        let incidents = Set(h.receiver.payloads.compactMap { $0["incident"] as? String })
        #expect(incidents.count == 1, "\(incidents)")
    }
}
