import ClusterSim
import Foundation
import Testing
@testable import KubeClient

/// kubeconfig `proxy-url`: lists and watches go through the proxy it names (nginx as a forward proxy
/// in front of a plain ClusterSim). That `no_proxy` in the environment does not bypass it is checked
/// through the binary (LiveScanTests): changing this process's environment would race other tests.
@Suite struct IntegrationProxyTests {
    static var nginxAvailable: Bool { TLSFrontProxy.nginxPath != nil }

    @Test(.enabled(if: nginxAvailable)) func listAndWatchGoThroughTheKubeconfigProxy() async throws {
        let sim = try await ClusterSim.start()
        let proxy = try await ForwardProxy.start()
        defer { proxy.stop(); Task { try? await sim.stop() } }
        _ = try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Data(#"{"metadata":{},"spec":{"containers":[{"name":"vllm"}]}}"#.utf8))
        let dir = TempDir()
        let path = try dir.write("config", """
        apiVersion: v1
        kind: Config
        current-context: sim
        clusters:
        - name: sim
          cluster:
            server: \(sim.baseURL)
            proxy-url: \(proxy.url)
        users:
        - name: anonymous
          user: {}
        contexts:
        - name: sim
          context: {cluster: sim, user: anonymous, namespace: ml}
        """)
        let config = try ClientConfigLoader.load(explicitPath: path, context: nil, namespaceOverride: nil, environment: [:],
                                                 homeDirectory: "/nonexistent")
        #expect(config.proxyURL == proxy.url)
        let api = CurlKubeAPI(config: config, credentials: CredentialProviders.make(for: config, environment: [:]))

        let page = try await api.listPage(.pods, namespace: "ml", options: ListOptions(), as: SimPod.self)
        #expect(page.items.map(\.object.metadata.name) == ["llama-0"])

        var options = ListOptions()
        options.resourceVersion = page.metadata.resourceVersion
        options.timeoutSeconds = 30
        var seen: String?
        do {  // the stream is released at the end of this scope, which ends the watch request
            let stream = try await api.watch(.pods, namespace: "ml", options: options, as: SimPod.self)
            _ = try sim.put(resource: "pods", namespace: "ml", name: "llama-1", json: Data(#"{"metadata":{},"spec":{"containers":[{"name":"vllm"}]}}"#.utf8))
            for try await event in stream {
                if case .added(let o) = event { seen = o.object.metadata.name; break }
            }
        }
        #expect(seen == "llama-1")

        // nginx logs a request when it ends (the watch: when the client hung up above).
        var lines: [String] = []
        for _ in 0..<100 {
            lines = proxy.requestLines
            if lines.count >= 2 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let target = sim.baseURL
        #expect(lines.contains { $0.hasPrefix("GET \(target)/api/v1/namespaces/ml/pods") && !$0.contains("watch=true") },
                "the list went through the proxy: \(lines)")
        #expect(lines.contains { $0.hasPrefix("GET \(target)/api/v1/namespaces/ml/pods") && $0.contains("watch=true") },
                "the watch went through the proxy: \(lines)")
    }
}
