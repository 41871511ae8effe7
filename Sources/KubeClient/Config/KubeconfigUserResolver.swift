import Foundation

/// Validates one user entry (client-go `validation.go` `validateAuthInfo`) and puts its client
/// certificate into the TLS settings and its bearer credentials into `credentials`.
struct UserResolver {
    let entry: KubeconfigEntry<UserEntry>
    let cluster: ClusterEntry

    private var path: String { "\(entry.keyPath).user" }

    private func fail(_ key: String?, _ message: String, _ kind: KubeconfigError.Kind = .invalid) -> KubeconfigError {
        KubeconfigError(kind, file: entry.file, keyPath: key.map { "\(path).\($0)" } ?? path, message)
    }

    func apply(to config: inout ClientConfig) throws {
        let u = entry.value
        if !u.unsupportedKeys.isEmpty {
            throw fail(nil, "\(u.unsupportedKeys.joined(separator: ", ")) not supported by restartwatch "
                       + "(use token, tokenFile, a client certificate or an exec plugin)", .unsupported)
        }
        try applyClientCertificate(u, to: &config.tls)
        config.credentials = try credentials(u)
    }

    private func applyClientCertificate(_ u: UserEntry, to tls: inout TLSSettings) throws {
        let hasCert = u.clientCertificateData != nil || u.clientCertificate != nil
        let hasKey = u.clientKeyData != nil || u.clientKey != nil
        // Why: a certificate without its key (or the reverse) is rejected by client-go
        // (`validateAuthInfo`: "client-key-data or client-key must be specified ...").
        if hasCert && !hasKey {
            throw fail(nil, "client-key-data or client-key must be specified to use the client certificate")
        }
        if hasKey && !hasCert {
            throw fail(nil, "client-certificate-data or client-certificate must be specified to use the client key")
        }
        if let data = u.clientCertificateData {
            tls.clientCertificateData = data
        } else if let file = u.clientCertificate {
            try requireReadable(file, key: "client-certificate")
            tls.clientCertificateFile = file
        }
        if let data = u.clientKeyData {
            tls.clientKeyData = data
        } else if let file = u.clientKey {
            try requireReadable(file, key: "client-key")
            tls.clientKeyFile = file
        }
    }

    /// Why this order: a static token wins over the exec plugin (client-go wraps the bearer
    /// round tripper outside the exec one, and the exec one skips requests that already carry
    /// Authorization); a token file, when set, is what client-go's refreshing bearer source sends
    /// (`transport/round_trippers.go` `NewBearerAuthWithRefreshRoundTripper`).
    private func credentials(_ u: UserEntry) throws -> CredentialSource {
        if let file = u.tokenFile {
            // Why: with only tokenFile, client-go reads it while building the config and fails
            // if it cannot (`client_config.go` `getUserIdentificationPartialConfig`).
            if u.token == nil { try requireReadable(file, key: "tokenFile") }
            return .tokenFile(path: file)
        }
        if let token = u.token { return .token(token) }
        if let exec = u.exec { return .exec(try validatedExec(exec)) }
        return .none
    }

    private func validatedExec(_ e: ExecEntry) throws -> ExecPluginConfig {
        guard let apiVersion = e.apiVersion else { throw fail("exec", "apiVersion is required") }
        guard let command = e.command else { throw fail("exec", "command is required") }
        // Why: v1alpha1 was removed in Kubernetes 1.24; client-go accepts only these two
        // (`plugin/pkg/client/auth/exec/exec.go` `apiVersions`).
        guard ExecCredentialProtocol.supportedVersions.contains(apiVersion) else {
            throw fail("exec.apiVersion", "unsupported exec plugin apiVersion \"\(apiVersion)\"; "
                       + "use client.authentication.k8s.io/v1 or v1beta1")
        }
        // Why: interactiveMode is required for v1 and defaults to IfAvailable for v1beta1
        // (`validation.go` `validateAuthInfo`, `api/v1/defaults.go` `SetDefaults_ExecConfig`).
        var mode = e.interactiveMode
        if mode == nil {
            guard apiVersion != ExecCredentialProtocol.v1 else { throw fail("exec", "interactiveMode is required") }
            mode = "IfAvailable"
        }
        guard ["Never", "IfAvailable", "Always"].contains(mode ?? "") else {
            throw fail("exec.interactiveMode", "must be Never, IfAvailable or Always")
        }
        if mode == "Always" {
            throw fail("exec.interactiveMode", "Always needs a terminal; restartwatch runs exec plugins non-interactively",
                       .unsupported)
        }
        var env: [String: String] = [:]
        for (index, item) in e.env.enumerated() {
            guard let name = item.name else { throw fail("exec.env[\(index)]", "name is required") }
            env[name] = item.value ?? ""
        }
        var config = ExecPluginConfig(apiVersion: apiVersion, command: command, args: e.args, env: env,
                                      interactiveMode: mode, provideClusterInfo: e.provideClusterInfo,
                                      installHint: e.installHint)
        config.clusterConfigJSON = cluster.execExtension?.encoded()
        return config
    }

    private func requireReadable(_ file: String, key: String) throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw fail(key, "cannot read file \(file)", .unreadable)
        }
    }
}
