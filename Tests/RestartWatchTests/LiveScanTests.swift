import ClusterSim
import Foundation
import Testing

/// `restartwatch scan` against a live (simulated) cluster, and `--save-evidence` round-tripping
/// through `scan --from`.
@Suite struct LiveScanTests {
    @Test func scanFindsTheLoopAndSavedEvidenceReproducesIt() async throws {
        let scenario = Scenario.aibrixQuickstart()
        let h = try await DaemonHarness(speed: 120)
        defer { Task { await h.shutdown() } }
        h.play([scenario], simulatedSeconds: 700)
        await h.runner?.wait()
        let evidence = h.dir + "/evidence"
        let env = ProcessInfo.processInfo.environment.merging(["KUBECONFIG": h.kubeconfigPath]) { $1 }
        let live = try await BinaryRunner.run(["scan", "-n", scenario.namespace, "-o", "json", "--save-evidence", evidence], environment: env)
        #expect(live.status == 1, "\(live.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(live.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.map { $0["cause"] as? String } == ["probe-kill-during-download"])
        #expect((report["source"] as? String)?.contains(h.sim.baseURL) == true)
        // Paginated LISTs, one previous-log fetch for the one suspect container, no watches.
        let requests = h.sim.requests
        #expect(requests.contains { $0.path == "/api/v1/namespaces/\(scenario.namespace)/pods" && $0.query["limit"] == "500" })
        #expect(requests.filter { $0.path.hasSuffix("/log") }.count <= 2)
        #expect(!requests.contains { $0.isWatch })

        let observedAt = try #require(report["observedAt"] as? String)
        let offline = try await BinaryRunner.run(["scan", "--from", evidence, "--now", observedAt, "-o", "json"])
        #expect(offline.status == 1, "\(offline.stderr)")
        let again = try #require(try JSONSerialization.jsonObject(with: Data(offline.stdout.utf8)) as? [String: Any])
        let replayed = try #require(again["findings"] as? [[String: Any]])
        #expect(replayed.map { $0["cause"] as? String } == findings.map { $0["cause"] as? String })
        #expect(replayed.map { $0["pod"] as? String } == findings.map { $0["pod"] as? String })
    }

    /// kubeconfig `proxy-url` is used for every request even when `no_proxy` names the server (client-go
    /// ignores the environment when a cluster names its proxy).
    @Test(.enabled(if: TLSFrontProxy.nginxPath != nil)) func scanGoesThroughTheKubeconfigProxyDespiteNoProxy() async throws {
        let sim = try await ClusterSim.start()
        let proxy = try await ForwardProxy.start()
        defer { proxy.stop(); Task { try? await sim.stop() } }
        let dir = TestPaths.temporaryDirectory("proxy")
        let config = """
        apiVersion: v1
        kind: Config
        current-context: x
        clusters: [{name: x, cluster: {server: "\(sim.baseURL)", proxy-url: "\(proxy.url)"}}]
        users: [{name: u, user: {}}]
        contexts: [{name: x, context: {cluster: x, user: u, namespace: ml}}]
        """
        _ = FileManager.default.createFile(atPath: dir + "/kubeconfig", contents: Data(config.utf8))
        var env = ProcessInfo.processInfo.environment
        env["no_proxy"] = "127.0.0.1,localhost"
        env["NO_PROXY"] = "127.0.0.1,localhost"
        let r = try await BinaryRunner.run(["scan", "--kubeconfig", dir + "/kubeconfig", "-o", "json"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(proxy.requestLines.contains { $0.hasPrefix("GET \(sim.baseURL)/api/v1/namespaces/ml/pods?") }, "\(proxy.requestLines)")
    }

    @Test func unreachableServerIsAClearErrorWithinTheConnectTimeout() async throws {
        let dir = TestPaths.temporaryDirectory("unreachable")
        let config = """
        apiVersion: v1
        kind: Config
        current-context: x
        clusters: [{name: x, cluster: {server: "http://127.0.0.1:9"}}]
        users: [{name: u, user: {}}]
        contexts: [{name: x, context: {cluster: x, user: u}}]
        """
        _ = FileManager.default.createFile(atPath: dir + "/kubeconfig", contents: Data(config.utf8))
        let start = Date()
        let r = try await BinaryRunner.run(["scan", "--kubeconfig", dir + "/kubeconfig"])
        #expect(r.status == 2)
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(r.stderr.contains("127.0.0.1:9"), "\(r.stderr)")
    }

    @Test func unknownContextNamesTheExistingOnes() async throws {
        let kubeconfig = TestPaths.packageRoot.appendingPathComponent("Tests/KubeClientTests/Fixtures/kubeconfig/multi/config").path
        let r = try await BinaryRunner.run(["scan", "--kubeconfig", kubeconfig, "--context", "nope"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("nope"))
        #expect(r.stderr.contains("context"), "\(r.stderr)")
    }
}
