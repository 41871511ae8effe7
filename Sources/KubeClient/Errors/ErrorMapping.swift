import Foundation

/// Turns HTTP answers and libcurl codes into `KubeError`s that say what was refused, by whom,
/// and what to check. Pure: tested without a server.
public struct ErrorContext: Sendable {
    public var server: String
    public var origin: String
    public var userDescription: String?
    /// Where the CA came from ("CA file /x/ca.crt", "inline certificate-authority-data", "system CA store").
    public var caDescription: String

    public init(server: String, origin: String, userDescription: String?, caDescription: String) {
        self.server = server
        self.origin = origin
        self.userDescription = userDescription
        self.caDescription = caDescription
    }

    public init(config: ClientConfig) {
        let ca: String
        if config.tls.caData != nil { ca = "the inline certificate-authority-data" }
        else if let f = config.tls.caFile { ca = "the CA file \(f)" }
        else { ca = "the system CA store" }
        self.init(server: config.server, origin: config.origin, userDescription: config.userDescription, caDescription: ca)
    }

    private var who: String {
        "\(userDescription.map { "user \"\($0)\"" } ?? "the configured user") (\(origin))"
    }

    /// Maps an HTTP error answer (status ≥ 400) to a `KubeError`.
    /// Why the body is parsed only if it is a Status: proxies and APF answer with plain text
    /// (kubernetes-facts §6.3, §6.4; client-go `NewGenericServerResponse`).
    public func httpError(status code: Int, body: Data, retryAfterHeader: String?, action: RequestAction) -> KubeError {
        let parsed = (try? JSONDecoder().decode(Status.self, from: body)).flatMap { $0.kind == "Status" ? $0 : nil }
        let serverText = parsed?.message ?? Self.plainText(body)
            ?? "the server responded with the status code \(code) but did not return more information"
        let retry = retryAfterHeader.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            ?? parsed?.details?.retryAfterSeconds
        let kind = Self.kind(code: code, status: parsed)
        let message: String
        switch kind {
        case .unauthorized:
            message = "\(server) rejected the credentials of \(who) for \(action) (401 Unauthorized): \(serverText). "
                + "The token or client certificate is missing, expired or not trusted by this cluster."
        case .forbidden:
            message = "\(server) refused \(action) for \(who) (403 Forbidden): \(serverText). "
                + "Grant the verb \"\(action.verb)\" on \"\(action.resource)\" with a Role/ClusterRole binding."
        case .tooManyRequests:
            message = "\(server) throttled \(action) (429): \(serverText)" + (retry.map { "; retry after \($0) s" } ?? "")
        default:
            message = "\(action) failed with HTTP \(code) from \(server): \(serverText)"
        }
        return KubeError(kind: kind, message: message, httpStatus: code, status: parsed, retryAfterSeconds: retry)
    }

    static func kind(code: Int, status: Status?) -> KubeError.Kind {
        if status?.isTooLargeResourceVersion == true { return .resourceVersionTooLarge }
        switch code {
        case 400: return .badRequest
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404: return .notFound
        case 409: return status?.reason == "AlreadyExists" ? .alreadyExists : .conflict
        case 410: return .expired
        case 422: return .invalid
        case 429: return .tooManyRequests
        case 500...599: return .serverError
        default: return .otherHTTP
        }
    }

    private static func plainText(_ body: Data) -> String? {
        guard !body.isEmpty, let s = String(data: body.prefix(512), encoding: .utf8) else { return nil }
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    /// Maps a libcurl failure (CURLcode + its error buffer text) to a `KubeError`.
    /// Codes: 6/7/28-at-connect unreachable, 60 unknown CA, 35 handshake, 55 send failure (a
    /// missing client certificate under TLS 1.3 shows up as 55, swift-libcurl-notes §1),
    /// 58 local certificate, 51/60 name mismatch.
    public func transportError(curlCode: Int, detail: String, action: RequestAction) -> KubeError {
        let d = detail.isEmpty ? "libcurl error \(curlCode)" : detail
        switch curlCode {
        case 5, 6:
            return KubeError(kind: .connectionFailed, message: "cannot resolve the API server in \(server) (\(origin)): \(d)", curlCode: curlCode)
        case 7:
            return KubeError(kind: .connectionFailed, message: "cannot connect to the API server \(server) (\(origin)): \(d). Is the server running and reachable?", curlCode: curlCode)
        case 60, 51, 83:
            return KubeError(kind: .tls, message: "TLS: the certificate of \(server) is not trusted by \(caDescription) or does not match its name (\(d)). Check certificate-authority(-data) and tls-server-name in \(origin).", curlCode: curlCode)
        case 35, 53, 54, 59, 66, 90, 91, 98:
            return KubeError(kind: .tls, message: "TLS handshake with \(server) failed (\(d)). Check the server address, the CA (\(caDescription)) and the client certificate in \(origin).", curlCode: curlCode)
        case 55, 56:
            return KubeError(kind: .tls, message: "the connection to \(server) broke during \(action) (\(d)). If the server requires a client certificate, check client-certificate(-data)/client-key(-data) in \(origin).", curlCode: curlCode)
        case 58:
            return KubeError(kind: .tls, message: "the client certificate or key for \(server) could not be loaded (\(d)). Check client-certificate(-data) and client-key(-data) in \(origin).", curlCode: curlCode)
        case 28 where d.lowercased().contains("connect"):
            return KubeError(kind: .connectionFailed, message: "cannot reach the API server \(server) (\(origin)) within the connect timeout: \(d)", curlCode: curlCode)
        case 28:
            return KubeError(kind: .timeout, message: "\(action) on \(server) timed out (\(d))", curlCode: curlCode)
        case 42:
            return KubeError(kind: .cancelled, message: "\(action) was cancelled", curlCode: curlCode)
        default:
            return KubeError(kind: .transport, message: "\(action) on \(server) failed: \(d) (libcurl \(curlCode))", curlCode: curlCode)
        }
    }
}

/// Error conversions that need no server context.
public enum ErrorMapping {
    /// A watch ERROR event's Status as a `KubeError` (client-go `apierrors.FromObject`).
    public static func fromWatchStatus(_ status: Status) -> KubeError {
        let code = status.code ?? 500
        var kind = ErrorContext.kind(code: code, status: status)
        if status.reason == "Expired" || status.reason == "Gone" { kind = .expired }
        return KubeError(kind: kind, message: "watch ended with an error event: \(status.message ?? "code \(code)")",
                         httpStatus: code, status: status, retryAfterSeconds: status.details?.retryAfterSeconds)
    }
}
