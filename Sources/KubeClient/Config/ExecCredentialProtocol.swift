import Foundation

/// The client.authentication.k8s.io exec credential protocol: the `KUBERNETES_EXEC_INFO` input
/// and the ExecCredential the plugin prints (client-go `plugin/pkg/client/auth/exec/exec.go`,
/// `pkg/apis/clientauthentication/v1/types.go`).
enum ExecCredentialProtocol {
    static let v1 = "client.authentication.k8s.io/v1"
    static let v1beta1 = "client.authentication.k8s.io/v1beta1"
    static let supportedVersions: Set<String> = [v1, v1beta1]

    /// `KUBERNETES_EXEC_INFO`, byte-for-byte as Go's `json.Marshal` of ExecCredential writes it.
    /// Why `interactive` is always false: restartwatch is a daemon and never connects stdin
    /// (client-go sets it true only when stdin is a terminal and the mode allows).
    static func execInfo(apiVersion: String, cluster: JSONValue?) -> String {
        var spec: [(String, JSONValue)] = []
        if let cluster { spec.append(("cluster", cluster)) }
        spec.append(("interactive", .bool(false)))
        return JSONValue.object([("kind", .string("ExecCredential")), ("apiVersion", .string(apiVersion)),
                                 ("spec", .object(spec))]).encoded()
    }

    /// `spec.cluster` (client-go `rest/exec.go` `ConfigToExecCluster`); every field but `server`
    /// is omitted when empty/false, in the Go struct's field order.
    static func cluster(for config: ClientConfig, extensionJSON: String?) throws -> JSONValue {
        var fields: [(String, JSONValue)] = [("server", .string(config.server))]
        if let name = config.tls.serverName { fields.append(("tls-server-name", .string(name))) }
        if config.tls.insecureSkipVerify { fields.append(("insecure-skip-tls-verify", .bool(true))) }
        if let ca = try caBundle(config.tls) {
            fields.append(("certificate-authority-data", .string(ca.base64EncodedString())))
        }
        if let proxy = config.proxyURL { fields.append(("proxy-url", .string(proxy))) }
        if config.disableCompression { fields.append(("disable-compression", .bool(true))) }
        if let extensionJSON { fields.append(("config", .raw(extensionJSON))) }
        return .object(fields)
    }

    private static func caBundle(_ tls: TLSSettings) throws -> Data? {
        if let data = tls.caData { return Data(data.value.utf8) }
        guard let file = tls.caFile else { return nil }
        guard let bytes = FileManager.default.contents(atPath: file) else {
            throw CredentialError(.execClusterInfo, "failed to load CA bundle for execProvider: cannot read \(file)")
        }
        return bytes
    }

    /// Credentials decoded from the plugin's stdout.
    struct Result: Sendable {
        var token: Secret?
        var certificate: ClientCertificate?
        var expiry: Date?
    }

    /// The ExecCredential JSON a plugin prints (fields restartwatch reads).
    private struct Response: Decodable {
        /// `status` of the ExecCredential.
        struct Status: Decodable {
            var token: String?
            var clientCertificateData: String?
            var clientKeyData: String?
            var expirationTimestamp: String?
        }
        var apiVersion: String?
        var kind: String?
        var status: Status?
    }

    /// Validates the plugin output with client-go's rules and messages (`exec.go` `refreshCredsLocked`).
    /// Errors never quote stdout, which holds the credential.
    static func decode(_ stdout: Data, expectedVersion: String, command: String) throws -> Result {
        func bad(_ message: String) -> CredentialError { CredentialError(.execBadOutput, "exec plugin \(command): \(message)") }
        guard let response = try? JSONDecoder().decode(Response.self, from: stdout) else {
            throw bad("decoding stdout: not an ExecCredential JSON object")
        }
        guard response.apiVersion == expectedVersion else {
            throw bad("exec plugin is configured to use API version \(expectedVersion), plugin returned version \(response.apiVersion ?? "")")
        }
        guard let status = response.status else { throw bad("exec plugin didn't return a status field") }
        let token = status.token.flatMap { $0.isEmpty ? nil : $0 }
        let cert = status.clientCertificateData.flatMap { $0.isEmpty ? nil : $0 }
        let key = status.clientKeyData.flatMap { $0.isEmpty ? nil : $0 }
        guard token != nil || cert != nil || key != nil else { throw bad("exec plugin didn't return a token or cert/key pair") }
        guard (cert == nil) == (key == nil) else { throw bad("exec plugin returned only certificate or key, not both") }
        var result = Result(token: token.map(Secret.init))
        if let cert, let key { result.certificate = ClientCertificate(certificatePEM: Secret(cert), keyPEM: Secret(key)) }
        if let stamp = status.expirationTimestamp, !stamp.isEmpty {
            guard let date = parseRFC3339(stamp) else { throw bad("invalid status.expirationTimestamp") }
            result.expiry = date
        }
        return result
    }

    static func parseRFC3339(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
