import ClusterSim
import Foundation
import Testing
@testable import KubeClient

/// The auth matrix end to end: a kubeconfig file on disk → ClientConfigLoader → CredentialProviders →
/// libcurl over TLS (nginx in front of ClusterSim) → the user the server saw. Token files rotate,
/// exec plugins run once until their credential expires or a 401 arrives.
@Suite(.serialized) struct IntegrationAuthMatrixTests {
    static var nginxAvailable: Bool { TLSFrontProxy.nginxPath != nil }

    func kubeconfig(_ dir: TempDir, server: String, ca: String, user: String) throws -> String {
        try dir.write("config", """
        apiVersion: v1
        kind: Config
        current-context: sim
        clusters:
        - name: sim
          cluster:
            server: \(server)
            certificate-authority: \(ca)
        users:
        - name: restartwatch
          user:
        \(user)
        contexts:
        - name: sim
          context: {cluster: sim, user: restartwatch, namespace: ml}
        """)
    }

    func client(_ path: String, now: @escaping @Sendable () -> Date = { Date() }) throws -> CurlKubeAPI {
        let config = try ClientConfigLoader.load(explicitPath: path, context: nil, namespaceOverride: nil, environment: [:],
                                                 homeDirectory: "/nonexistent")
        return CurlKubeAPI(config: config, credentials: CredentialProviders.make(for: config, environment: [:], now: now))
    }

    func list(_ api: CurlKubeAPI) async throws {
        _ = try await api.listPage(.pods, namespace: "ml", options: ListOptions(), as: SimPod.self)
    }

    @Test(.enabled(if: nginxAvailable)) func tokenFileRotationIsPickedUpAfterA401() async throws {
        try await IntegrationTLSTests.withProxy { sim, proxy, pki in
            let dir = TempDir()
            let tokenFile = try dir.write("token", "tls-token\n")
            let api = try client(try kubeconfig(dir, server: proxy.baseURL, ca: pki.caCertificate, user: "    tokenFile: \(tokenFile)"))
            try await list(api)
            #expect(sim.requests.last?.user == "bob")
            // The server rotates the token and the kubelet rewrites the file: the next request gets a 401,
            // the provider re-reads the file, and the retry succeeds.
            sim.setTokens(["rotated-token": "bob"])
            try "rotated-token".write(toFile: tokenFile, atomically: true, encoding: .utf8)
            try await list(api)
            #expect(sim.requests.suffix(2).map(\.status) == [401, 200])
        }
    }

    @Test(.enabled(if: nginxAvailable)) func execPluginRunsOnceUntilExpiryAndAfterA401() async throws {
        try await IntegrationTLSTests.withProxy { sim, proxy, pki in
            let dir = TempDir()
            let plugin = try dir.write("plugin.sh", """
            #!/bin/sh
            d="$(dirname "$0")"
            n=$(( $(cat "$d/count" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$d/count"
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tls-token","expirationTimestamp":"2099-01-01T00:00:00Z"}}'
            """, executable: true)
            let user = """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(plugin)
                  interactiveMode: Never
            """
            let api = try client(try kubeconfig(dir, server: proxy.baseURL, ca: pki.caCertificate, user: user))
            for _ in 0..<3 { try await list(api) }
            let runs = { Int((try? String(contentsOfFile: dir.path + "/count", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0 }
            #expect(runs() == 1, "a cached credential is reused until it expires")
            #expect(sim.requests.last?.user == "bob")
            sim.setTokens(["other": "bob"])
            do { try await list(api) } catch {}
            #expect(runs() == 2, "a 401 makes the plugin run again")
        }
    }
}
