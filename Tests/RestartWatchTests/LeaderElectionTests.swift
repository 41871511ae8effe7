import ClusterSim
import Foundation
import Testing
@testable import RestartWatch

/// Two replicas with leader election: one watches and notifies, the other stands by and takes over
/// when the leader stops (it releases the Lease on SIGTERM).
@Suite struct LeaderElectionTests {
    func holder(_ h: DaemonHarness) -> String? {
        guard let d = h.sim.object(resource: "leases", namespace: "default", name: "restartwatch"),
              let json = try? JSONSerialization.jsonObject(with: d) as? [String: Any],
              let spec = json["spec"] as? [String: Any] else { return nil }
        return spec["holderIdentity"] as? String
    }

    @Test func oneLeaderWatchesAndAStandbyTakesOver() async throws {
        let scenario = Scenario.aibrixQuickstart()
        let h = try await DaemonHarness(speed: 60)
        defer { Task { await h.shutdown() } }
        let election = #", "leaderElection": {"enabled": true, "namespace": "default", "leaseDurationSeconds": 6, "renewDeadlineSeconds": 4, "retryPeriodSeconds": 1}"#
        let a = try h.startDaemon(["watch", "--config", h.configPath(namespaces: [scenario.namespace], stateDirectory: h.dir + "/a", extra: election)])
        #expect(await h.sim.waitForWatches(count: 2, timeout: 20), "\(h.daemonLogs)")
        let first = try #require(holder(h))
        let b = try h.startDaemon(["watch", "--config", h.configPath(namespaces: [scenario.namespace], stateDirectory: h.dir + "/b", extra: election)])
        try await Task.sleep(for: .seconds(3))
        #expect(h.sim.activeWatchCount == 2, "the standby must not watch")
        #expect(holder(h) == first)

        h.play([scenario], simulatedSeconds: 3600)
        #expect(await h.wait(timeout: 30) { !h.receiver.payloads.isEmpty }, "\(h.daemonLogs)")
        #expect(await h.stop(a) == 0)
        let tookOver = await h.wait(timeout: 15) { (holder(h) ?? "") != first && !(holder(h) ?? "").isEmpty }
        #expect(tookOver, "the standby did not take the Lease over: holder \(holder(h) ?? "none")\n\(h.daemonLogs)")
        #expect(await h.sim.waitForWatches(count: 2, timeout: 15))
        #expect(await h.stop(b) == 0)
        #expect(Set(h.receiver.payloads.compactMap { $0["incident"] as? String }).count == 1)
    }
}
