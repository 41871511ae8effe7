import Foundation
import Logging

/// Adds what every API call needs on top of a transport: credentials asked for before each
/// request (and refreshed once after a 401), the plain-http credential guard, error mapping,
/// request counting and the server's clock.
public final class KubeHTTPClient: Sendable {
    public let config: ClientConfig
    public let credentials: any CredentialProvider
    public let transport: any HTTPTransport
    public let logger: Logger
    let errorContext: ErrorContext
    private let stats = Locked(RequestStats())

    public init(config: ClientConfig, credentials: any CredentialProvider, transport: any HTTPTransport = CurlTransport(),
                logger: Logger = Logger(label: "restartwatch.kubeclient")) {
        self.config = config
        self.credentials = credentials
        self.transport = transport
        self.logger = logger
        self.errorContext = ErrorContext(config: config)
    }

    /// Requests sent so far, keyed by `METHOD path` (query excluded); retries count.
    public var requestCounts: [String: Int] { stats.withLock { $0.counts } }
    /// The `Date` header of the latest response: the API server's idea of "now".
    public var lastServerDate: Date? { stats.withLock { $0.serverDate } }

    /// Sends `request`; returns a 2xx/3xx response with its body still streaming, or throws a
    /// `KubeError` (HTTP error statuses included, with the body read and mapped).
    public func send(_ request: APIRequest) async throws -> StreamingResponse {
        var response = try await attempt(request)
        if response.head.status == 401 {
            // Why one retry: bound service-account tokens rotate and exec plugins hand out
            // short-lived tokens; client-go re-reads/re-executes after a 401 (kubernetes-facts §5.4).
            _ = try? await response.body.collect(upTo: 1 << 20)
            await credentials.invalidate()
            logger.debug("401 Unauthorized; retrying once with fresh credentials", metadata: ["action": "\(request.action)"])
            response = try await attempt(request)
        }
        guard response.head.status >= 400 else { return response }
        let body = (try? await response.body.collect(upTo: 1 << 20)) ?? Data()
        throw errorContext.httpError(status: response.head.status, body: body,
                                     retryAfterHeader: response.head.headers["retry-after"], action: request.action)
    }

    /// `send` plus reading the whole body.
    public func data(_ request: APIRequest, limit: Int = 256 << 20) async throws -> (ResponseHead, Data) {
        let response = try await send(request)
        return (response.head, try await response.body.collect(upTo: limit))
    }

    private func attempt(_ request: APIRequest) async throws -> StreamingResponse {
        let token = try await credentials.bearerToken()
        let certificate = try await credentials.clientCertificate()
        let plainHTTP = config.server.lowercased().hasPrefix("http://")
        if plainHTTP, token != nil, !config.allowCredentialsOverHTTP {
            // Why refuse: a bearer token over plain http is readable by anyone on the path;
            // kubectl refuses too (kubernetes-facts §5.3a).
            throw KubeError(kind: .insecureTransport, message: "refusing to send the credentials of \(config.origin) "
                + "over plain http to \(config.server); use https or allow credentials over http explicitly")
        }
        var headers: [(String, String)] = [("Accept", request.accept)]
        if let ct = request.contentType { headers.append(("Content-Type", ct)) }
        let transportRequest = TransportRequest(
            method: request.method, url: request.url(server: config.server), headers: headers, body: request.body,
            bearerToken: token, tls: config.tls, clientCertificate: certificate, proxyURL: config.proxyURL,
            userAgent: config.userAgent, connectTimeoutSeconds: config.connectTimeoutSeconds,
            totalTimeoutSeconds: request.totalTimeoutSeconds ?? 60, idleTimeoutSeconds: request.idleTimeoutSeconds,
            errorContext: errorContext, action: request.action)
        stats.withLock { $0.counts["\(request.method.rawValue) \(request.path)", default: 0] += 1 }
        let response = try await transport.send(transportRequest)
        if let date = response.head.date { stats.withLock { $0.serverDate = date } }
        return response
    }
}

/// Counters behind `KubeHTTPClient`.
struct RequestStats {
    var counts: [String: Int] = [:]
    var serverDate: Date?
}
