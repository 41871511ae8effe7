import Foundation

/// Credentials from an exec plugin (client.authentication.k8s.io/v1 or v1beta1), cached until
/// `status.expirationTimestamp` and re-run after `invalidate()` (a 401). Concurrent callers share
/// one plugin run, as client-go serialises them under a mutex (`exec.go` `getCreds`).
public actor ExecCredentialProvider: CredentialProvider {
    public let plugin: ExecPluginConfig
    private let cluster: ClientConfig
    private let environment: [String: String]
    private let timeout: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: ExecCredentialProtocol.Result?
    private var running: Task<ExecCredentialProtocol.Result, Error>?
    /// Secrets seen so far, scrubbed from any stderr quoted in errors.
    private var knownSecrets: [String] = []

    /// - Parameters:
    ///   - cluster: the resolved config, for `provideClusterInfo`.
    ///   - environment: the parent environment the plugin inherits (normally the process's).
    ///   - timeout: a plugin still running after this is killed (client-go has no limit; a daemon needs one).
    public init(plugin: ExecPluginConfig, cluster: ClientConfig, environment: [String: String],
                timeout: TimeInterval = 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.plugin = plugin
        self.cluster = cluster
        self.environment = environment
        self.timeout = timeout
        self.now = now
        knownSecrets = plugin.env.values.filter { $0.count >= 4 }
    }

    public func bearerToken() async throws -> Secret? { try await credentials().token }

    public func clientCertificate() async throws -> ClientCertificate? { try await credentials().certificate }

    /// Why: any 401 makes client-go drop the cached credential so the next request re-runs the
    /// plugin (`exec.go` `roundTripper.RoundTrip`, `maybeRefreshCreds`).
    public func invalidate() async { cached = nil }

    private func credentials() async throws -> ExecCredentialProtocol.Result {
        // Why: reuse until strictly after expirationTimestamp, forever without one
        // (`exec.go` `credsExpired`: `now().After(exp)`).
        if let cached, cached.expiry.map({ now() <= $0 }) ?? true { return cached }
        if let running { return try await running.value }
        let task = Task { [plugin, cluster, environment, timeout, knownSecrets] in
            try await Self.execute(plugin: plugin, cluster: cluster, parentEnvironment: environment,
                                   timeout: timeout, scrub: knownSecrets)
        }
        running = task
        defer { running = nil }
        let result = try await task.value
        cached = result
        knownSecrets += [result.token?.value, result.certificate?.keyPEM.value].compactMap { $0 }
        return result
    }

    private static func execute(plugin: ExecPluginConfig, cluster: ClientConfig, parentEnvironment: [String: String],
                                timeout: TimeInterval, scrub: [String]) async throws -> ExecCredentialProtocol.Result {
        let hint = plugin.installHint.map { "\n\n\($0)" } ?? ""
        guard let executable = ExecPluginProcess.locate(plugin.command, environment: parentEnvironment) else {
            throw CredentialError(.execNotFound, "exec: executable \(plugin.command) not found\(hint)")
        }
        let clusterInfo = plugin.provideClusterInfo
            ? try ExecCredentialProtocol.cluster(for: cluster, extensionJSON: plugin.clusterConfigJSON) : nil
        var env = parentEnvironment.merging(plugin.env) { _, configured in configured }
        env["KUBERNETES_EXEC_INFO"] = ExecCredentialProtocol.execInfo(apiVersion: plugin.apiVersion, cluster: clusterInfo)
        let output = try await ExecPluginProcess.run(executable: executable, arguments: plugin.args,
                                                     environment: env, timeout: timeout)
        let stderr = quotedStderr(output.stderr, scrub: scrub)
        if output.timedOut {
            throw CredentialError(.execTimedOut,
                                  "exec: executable \(plugin.command) did not finish within \(Int(timeout)) s and was killed\(stderr)\(hint)")
        }
        guard output.status == 0 else {
            throw CredentialError(.execFailed,
                                  "exec: executable \(plugin.command) failed with exit code \(output.status)\(stderr)\(hint)")
        }
        return try ExecCredentialProtocol.decode(output.stdout, expectedVersion: plugin.apiVersion, command: plugin.command)
    }

    /// The tail of stderr (at most 1 KiB) with known secrets masked, for error messages.
    static func quotedStderr(_ data: Data, scrub: [String]) -> String {
        var text = String(decoding: data.suffix(1024), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return "" }
        for secret in scrub where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "<redacted>") }
        return "; stderr: \(data.count > 1024 ? "…" : "")\(text)"
    }
}
