import ClusterSim
import Foundation
import Testing
@testable import RestartWatch

/// restartwatch started on a cluster where the loop has been going on for a while: the first
/// snapshots of pods and events (restart history, Killing events from the last hour) are enough.
@Suite struct LateStartTests {
    @Test func daemonStartedMidLoopReportsItFromTheSnapshots() async throws {
        let scenario = Scenario.aibrixQuickstart()
        let h = try await DaemonHarness(speed: 120)
        defer { Task { await h.shutdown() } }
        h.play([scenario], simulatedSeconds: 900)
        await h.runner?.wait()
        let daemon = try h.startDaemon(["watch", "--config", h.configPath(namespaces: [scenario.namespace])])
        let found = await h.wait(timeout: 20) {
            h.receiver.payloads.contains { ($0["finding"] as? [String: Any])?["cause"] as? String == "probe-kill-during-download" }
        }
        #expect(found, "\(h.receiver.payloads.map { ($0["finding"] as? [String: Any])?["cause"] ?? "?" })\n\(h.daemonLogs)")
        #expect(await h.stop(daemon) == 0)
    }
}
