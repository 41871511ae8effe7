/// Supplies request credentials; implementations re-read token files, run exec plugins and cache
/// their results. The transport asks before each request and calls `invalidate()` after a 401.
public protocol CredentialProvider: Sendable {
    /// Bearer token for the next request, or nil when the config has none.
    func bearerToken() async throws -> Secret?
    /// Client certificate and key (PEM) supplied at run time by an exec plugin; nil when the
    /// TLS settings already hold them or there are none.
    func clientCertificate() async throws -> ClientCertificate?
    /// Forget cached credentials so the next call re-reads or re-executes (after a 401).
    func invalidate() async
}

/// A PEM client certificate and its key.
public struct ClientCertificate: Sendable, Hashable {
    public var certificatePEM: Secret
    public var keyPEM: Secret
    public init(certificatePEM: Secret, keyPEM: Secret) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }
}

/// Fixed credentials (a static kubeconfig token, or none).
public struct StaticCredentialProvider: CredentialProvider {
    public let token: Secret?
    public init(token: Secret? = nil) { self.token = token }
    public func bearerToken() async throws -> Secret? { token }
    public func clientCertificate() async throws -> ClientCertificate? { nil }
    public func invalidate() async {}
}
