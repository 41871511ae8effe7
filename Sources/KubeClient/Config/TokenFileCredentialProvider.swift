import Foundation
import Logging

/// Bearer token read from a file that rotates (bound service-account tokens, kubeconfig
/// `tokenFile`). Mirrors client-go `transport/token_source.go` `NewCachedFileTokenSource`: the
/// content is treated as valid for 60 s and re-read lazily on the first request after 50 s
/// (60 s minus 10 s leeway); if a re-read fails the previous token is kept. `invalidate()` (after
/// a 401) forces a re-read on the next request.
public actor TokenFileCredentialProvider: CredentialProvider {
    public static let period: TimeInterval = 60
    public static let leeway: TimeInterval = 10

    public let path: String
    private let now: @Sendable () -> Date
    private let logger: Logger?
    private var token: Secret?
    private var expiry = Date.distantPast

    public init(path: String, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger? = nil) {
        self.path = path
        self.now = now
        self.logger = logger
    }

    public func bearerToken() async throws -> Secret? {
        let current = now()
        if let token, expiry.addingTimeInterval(-Self.leeway) > current { return token }
        do {
            let fresh = try readToken()
            token = fresh
            expiry = current.addingTimeInterval(Self.period)
            return fresh
        } catch {
            // Why: client-go `cachingTokenSource.Token` keeps serving the old token when a
            // rotation read fails, and retries on the next request.
            guard let token else { throw error }
            logger?.warning("unable to rotate token, keeping the previous one", metadata: ["error": "\(error)"])
            return token
        }
    }

    public func clientCertificate() async throws -> ClientCertificate? { nil }

    public func invalidate() async { expiry = .distantPast }

    /// Trimmed file content; an empty file is an error (client-go `fileTokenSource.Token`).
    private func readToken() throws -> Secret {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError(.tokenFileUnreadable, "failed to read token file \"\(path)\"")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw CredentialError(.tokenFileEmpty, "read empty token from file \"\(path)\"") }
        return Secret(text)
    }
}
