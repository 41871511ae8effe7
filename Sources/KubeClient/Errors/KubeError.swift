import Foundation

/// A failed API call, as a value a user can act on: what was attempted, what the server or the
/// network said, and for whom. Never contains a token, key or other secret.
public struct KubeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, for code that decides (retry, relist, give up).
    public enum Kind: String, Sendable, Equatable {
        case unauthorized, forbidden, notFound, conflict, alreadyExists, badRequest, invalid
        /// 410: expired resourceVersion or continue token.
        case expired
        /// 504 with cause ResourceVersionTooLarge: handled like `expired` by reflectors.
        case resourceVersionTooLarge
        case tooManyRequests, serverError, otherHTTP
        case tls, connectionFailed, timeout, idleStream
        /// Refused locally: credentials would travel over plain http.
        case insecureTransport
        case decoding, transport, cancelled
    }

    public var kind: Kind
    /// The full human sentence.
    public var message: String
    public var httpStatus: Int?
    /// The server's Status body, when it sent one.
    public var status: Status?
    /// Seconds from `Retry-After` or `details.retryAfterSeconds`.
    public var retryAfterSeconds: Int?
    /// libcurl's CURLcode for network failures.
    public var curlCode: Int?

    public init(kind: Kind, message: String, httpStatus: Int? = nil, status: Status? = nil,
                retryAfterSeconds: Int? = nil, curlCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.httpStatus = httpStatus
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
        self.curlCode = curlCode
    }

    public var description: String { message }

    /// Connection refused / unreachable: client-go re-watches without relisting after these.
    public var isConnectionFailure: Bool { kind == .connectionFailed }
}
