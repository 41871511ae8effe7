import Foundation
import Testing
@testable import KubeClient

/// A shell-script exec plugin written at test time: it counts its runs in `count`, saves its
/// `KUBERNETES_EXEC_INFO`, args and selected env, and prints an ExecCredential whose
/// `expirationTimestamp` is the content of the `expiry` file (none when absent).
struct FakePlugin {
    let dir = TempDir()
    let path: String

    init(apiVersion: String = "client.authentication.k8s.io/v1", status: String? = nil, body: String = "") throws {
        let status = status ?? #"{"token":"SECRET-EXEC-TOKEN-$n","expirationTimestamp":"$(cat "$d/expiry" 2>/dev/null)"}"#
        path = try dir.write("plugin.sh", """
        #!/bin/sh
        d="$(dirname "$0")"
        n=$(( $(cat "$d/count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$d/count"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$d/exec-info"
        printf '%s|' "$@" > "$d/args"
        printf '%s|%s' "$PLUGIN_SECRET" "$PARENT_VAR" > "$d/env"
        \(body)
        cat <<JSON
        {"apiVersion":"\(apiVersion)","kind":"ExecCredential","status":\(status)}
        JSON
        """, executable: true)
    }

    var count: Int { Int(read("count")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0 }
    func read(_ name: String) -> String? { KubeconfigFixtures.contents("\(dir.path)/\(name)") }

    func config(_ apiVersion: String = "client.authentication.k8s.io/v1", env: [String: String] = [:],
                provideClusterInfo: Bool = false) -> ExecPluginConfig {
        ExecPluginConfig(apiVersion: apiVersion, command: path, args: ["--cluster", "a b"], env: env,
                         interactiveMode: "Never", provideClusterInfo: provideClusterInfo,
                         installHint: "ask the platform team for get-token")
    }
}

/// Exec credential plugins: protocol input, caching, expiry, 401 invalidation, failures, timeouts.
@Suite struct ConfigExecPluginTests {
    let cluster = ClientConfig(server: "https://k.example.com", origin: "test")
    let expiry = Date(timeIntervalSince1970: 1_893_456_000)   // 2030-01-01T00:00:00Z

    private func provider(_ plugin: FakePlugin, _ config: ExecPluginConfig? = nil, clock: TestClock? = nil,
                          timeout: TimeInterval = 20) -> ExecCredentialProvider {
        ExecCredentialProvider(plugin: config ?? plugin.config(),
                               cluster: cluster, environment: ["PATH": "/usr/bin:/bin", "PARENT_VAR": "inherited"],
                               timeout: timeout, now: (clock ?? TestClock(expiry.addingTimeInterval(-3600))).now)
    }

    @Test func cachesUntilExpiryAndReRunsAfterInvalidate() async throws {
        let plugin = try FakePlugin()
        try plugin.dir.write("expiry", "2030-01-01T00:00:00Z")
        let clock = TestClock(expiry.addingTimeInterval(-60))
        let provider = provider(plugin, clock: clock)
        #expect(try await provider.bearerToken()?.value == "SECRET-EXEC-TOKEN-1")
        try plugin.dir.write("expiry", "2030-01-01T01:00:00.5Z")
        clock.set(expiry)
        #expect(try await provider.bearerToken()?.value == "SECRET-EXEC-TOKEN-1", "valid up to and including expiry")
        #expect(plugin.count == 1)
        clock.advance(1)
        #expect(try await provider.bearerToken()?.value == "SECRET-EXEC-TOKEN-2", "re-run after expiry")
        #expect(try await provider.bearerToken()?.value == "SECRET-EXEC-TOKEN-2")
        await provider.invalidate()
        #expect(try await provider.bearerToken()?.value == "SECRET-EXEC-TOKEN-3", "re-run after a 401")
        #expect(plugin.count == 3)
    }

    @Test func withoutExpiryCachesForeverAndConcurrentCallersShareOneRun() async throws {
        let plugin = try FakePlugin(body: "sleep 0.3")
        let provider = provider(plugin, plugin.config())
        let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<5 { group.addTask { try await provider.bearerToken()?.value } }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(Set(tokens) == ["SECRET-EXEC-TOKEN-1"])
        #expect(try await provider.bearerToken()?.value == "SECRET-EXEC-TOKEN-1")
        #expect(plugin.count == 1)
    }

    @Test func passesExecInfoArgsAndEnvironment() async throws {
        let plugin = try FakePlugin()
        _ = try await provider(plugin, plugin.config(env: ["PLUGIN_SECRET": "SECRET-ENV"])).bearerToken()
        #expect(plugin.read("exec-info")
            == #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"#)
        #expect(plugin.read("args") == "--cluster|a b|")
        #expect(plugin.read("env") == "SECRET-ENV|inherited")
    }

    @Test func provideClusterInfoAddsSpecCluster() async throws {
        let plugin = try FakePlugin(apiVersion: "client.authentication.k8s.io/v1beta1")
        let loaded = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, context: "exec")
        guard case .exec(var config) = loaded.credentials else { Issue.record("fixture is not exec"); return }
        config.command = plugin.path
        config.apiVersion = "client.authentication.k8s.io/v1beta1"
        let provider = ExecCredentialProvider(plugin: config, cluster: loaded, environment: [:])
        _ = try await provider.bearerToken()
        #expect(plugin.read("exec-info") == #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"cluster":{"server":"https://[fd00::1]:6443","tls-server-name":"kubernetes.default.svc","insecure-skip-tls-verify":true,"config":{"audience":"lab","zone":"\u003ceu\u00261\u003e"}},"interactive":false}}"#)
        var withCA = loaded
        withCA.tls = TLSSettings(caData: Secret("PEM"))
        let info = try ExecCredentialProtocol.cluster(for: withCA, extensionJSON: nil).encoded()
        #expect(info == #"{"server":"https://[fd00::1]:6443","certificate-authority-data":"UEVN"}"#)
    }

    @Test func clientCertificateResponse() async throws {
        let plugin = try FakePlugin(status: #"{"clientCertificateData":"-----BEGIN CERTIFICATE-----\nC\n-----END CERTIFICATE-----\n","clientKeyData":"SECRET-EXEC-KEY"}"#)
        let provider = provider(plugin, plugin.config())
        let cert = try #require(try await provider.clientCertificate())
        #expect(cert.certificatePEM.value.hasPrefix("-----BEGIN CERTIFICATE-----\nC"))
        #expect(cert.keyPEM.value == "SECRET-EXEC-KEY")
        #expect(try await provider.bearerToken() == nil)
        #expect(plugin.count == 1)
    }

    @Test(arguments: [
        (#"{"token":"SECRET-X"}"#, "client.authentication.k8s.io/v1beta1",
         "exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1"),
        (#"{}"#, "client.authentication.k8s.io/v1", "exec plugin didn't return a token or cert/key pair"),
        (#"{"clientKeyData":"SECRET-X"}"#, "client.authentication.k8s.io/v1", "exec plugin returned only certificate or key, not both"),
        (#"{"token":"SECRET-X","expirationTimestamp":"soon"}"#, "client.authentication.k8s.io/v1", "invalid status.expirationTimestamp"),
    ])
    func badResponses(status: String, returned: String, message: String) async throws {
        let plugin = try FakePlugin(apiVersion: returned, status: status)
        let error = await #expect(throws: CredentialError.self) { try await provider(plugin, plugin.config()).bearerToken() }
        #expect(error?.kind == .execBadOutput)
        #expect(error?.description == "exec plugin \(plugin.path): \(message)")
    }

    @Test func failureReportsExitCodeStderrAndHintButNoSecrets() async throws {
        let plugin = try FakePlugin(body: #"echo "auth failed for $PLUGIN_SECRET: expired session" >&2; exit 3"#)
        let error = await #expect(throws: CredentialError.self) {
            try await provider(plugin, plugin.config(env: ["PLUGIN_SECRET": "SECRET-ENV-IN-STDERR"])).bearerToken()
        }
        #expect(error?.kind == .execFailed)
        #expect(error?.description == "exec: executable \(plugin.path) failed with exit code 3; "
            + "stderr: auth failed for <redacted>: expired session\n\nask the platform team for get-token")
    }

    @Test func kubeconfigEnvOverridesTheParentEnvironment() async throws {
        let plugin = try FakePlugin()
        let provider = ExecCredentialProvider(plugin: plugin.config(env: ["PARENT_VAR": "from-kubeconfig"]),
                                              cluster: cluster, environment: ["PARENT_VAR": "inherited"])
        _ = try await provider.bearerToken()
        #expect(plugin.read("env") == "|from-kubeconfig")
    }

    @Test func bareCommandIsFoundOnPath() async throws {
        let plugin = try FakePlugin()
        var config = plugin.config()
        config.command = "plugin.sh"
        let path = "/nonexistent:\(plugin.dir.path):/usr/bin:/bin"
        let provider = ExecCredentialProvider(plugin: config, cluster: cluster, environment: ["PATH": path])
        #expect(try await provider.bearerToken()?.value == "SECRET-EXEC-TOKEN-1")
    }

    @Test func missingExecutableNamesItWithHint() async throws {
        let plugin = try FakePlugin()
        var config = plugin.config()
        config.command = "restartwatch-no-such-plugin"
        let error = await #expect(throws: CredentialError.self) { try await provider(plugin, config).bearerToken() }
        #expect(error?.description == "exec: executable restartwatch-no-such-plugin not found\n\nask the platform team for get-token")
    }

    /// The plugin ignores SIGTERM and leaves a child holding stdout open for 30 s: it must still be
    /// killed and the caller released.
    @Test func hangingPluginIsKilled() async throws {
        let plugin = try FakePlugin(body: "trap '' TERM; sleep 30")
        let started = Date()
        let error = await #expect(throws: CredentialError.self) {
            try await provider(plugin, plugin.config(), timeout: 1).bearerToken()
        }
        #expect(error?.kind == .execTimedOut)
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
