import Foundation
import Logging

/// `KubeAPI` over `KubeHTTPClient` (libcurl by default).
public final class CurlKubeAPI: KubeAPI {
    public let http: KubeHTTPClient
    /// A watch that delivers no byte for this long is treated as dead (nil: rely on
    /// `timeoutSeconds` + slack and TCP keepalive). Pods get a BOOKMARK about every minute when
    /// bookmarks are allowed; Events get none (kubernetes-facts §1.3), so keep it well above 60 s.
    public let watchIdleTimeoutSeconds: Double?
    private let malformed = Locked(0)

    public init(http: KubeHTTPClient, watchIdleTimeoutSeconds: Double? = nil) {
        self.http = http
        self.watchIdleTimeoutSeconds = watchIdleTimeoutSeconds
    }

    public convenience init(config: ClientConfig, credentials: any CredentialProvider,
                            logger: Logger = Logger(label: "restartwatch.kubeclient"), watchIdleTimeoutSeconds: Double? = nil) {
        self.init(http: KubeHTTPClient(config: config, credentials: credentials, logger: logger),
                  watchIdleTimeoutSeconds: watchIdleTimeoutSeconds)
    }

    public var lastServerDate: Date? { http.lastServerDate }
    public var requestCounts: [String: Int] { http.requestCounts }
    /// Watch lines that were not valid watch events (skipped).
    public var malformedWatchLines: Int { malformed.withLock { $0 } }

    public func listPage<T: Sendable>(_ resource: Resource, namespace: String?, options: ListOptions,
                                      decoding: ObjectDecoding<T>) async throws -> ObjectList<T> {
        let request = Requests.list(resource, namespace: namespace, options: options)
        let response = try await http.send(request)
        var splitter = ListItemSplitter()
        var items: [KubeObject<T>] = []
        do {
            for try await chunk in response.body {
                try chunk.withUnsafeBytes { bytes in
                    try splitter.push(bytes) { items.append(try decoding.item($0)) }
                }
            }
            return ObjectList(metadata: try splitter.finish(), items: items)
        } catch let e as KubeError {
            throw e
        } catch {
            response.body.cancel()
            throw KubeError(kind: .decoding, message: "cannot decode the answer to \(request.action): \(Self.describe(error))")
        }
    }

    public func watch<T: Sendable>(_ resource: Resource, namespace: String?, options: ListOptions,
                                   decoding: ObjectDecoding<T>) async throws -> WatchEventSequence<T> {
        let request = Requests.watch(resource, namespace: namespace, options: options, idleTimeoutSeconds: watchIdleTimeoutSeconds)
        let response = try await http.send(request)
        let logger = http.logger
        let malformed = self.malformed
        let action = request.action
        return WatchEventSequence {
            // One consumer pulls at a time; the box keeps the iterator (and the framer's buffer)
            // uniquely referenced, so nothing is copied per line.
            let lines = IteratorBox(response.body.lines.makeAsyncIterator())
            return {
                while true {
                    guard let line = try await lines.next() else { return nil }
                    if line.isEmpty { continue }
                    do {
                        return try decoding.event(line)
                    } catch {
                        // Why skip instead of fail: one bad line must not cost a relist of
                        // everything; the RV does not move, so nothing is lost on resume.
                        let count = malformed.withLock { n -> Int in n += 1; return n }
                        logger.warning("skipping a malformed watch line", metadata: [
                            "action": "\(action)", "bytes": "\(line.count)", "malformedTotal": "\(count)",
                            "error": "\(Self.describe(error))"])
                    }
                }
            }
        }
    }

    public func get<T: Decodable & Sendable>(_ resource: Resource, namespace: String?, name: String,
                                             as type: T.Type) async throws -> T {
        let request = Requests.get(resource, namespace: namespace, name: name)
        let (_, body) = try await http.data(request)
        return try decode(T.self, body, request.action)
    }

    public func logs(namespace: String, pod: String, options: LogOptions) async throws -> PodLogs {
        let request = Requests.logs(namespace: namespace, pod: pod, options: options)
        do {
            let (head, body) = try await http.data(request, limit: 64 << 20)
            if head.status == 204 { return .noContent }
            return .text(String(decoding: body, as: UTF8.self))
        } catch let error as KubeError where options.previous && (error.kind == .badRequest || error.kind == .notFound) {
            // Why normal: a container that never restarted, or whose previous log was rotated
            // away, has no previous log; the kubelet says so with a 400 (kubernetes-facts §4).
            return .noPreviousLogs(reason: error.status?.message ?? error.message)
        }
    }

    public func createEvent(_ event: CoreEvent) async throws -> CoreEvent {
        let request = try Requests.createEvent(event)
        let (_, body) = try await http.data(request)
        return try decode(CoreEvent.self, body, request.action)
    }

    public func getLease(namespace: String, name: String) async throws -> Lease? {
        do {
            return try await get(.leases, namespace: namespace, name: name, as: Lease.self)
        } catch let error as KubeError where error.kind == .notFound {
            return nil
        }
    }

    public func createLease(_ lease: Lease) async throws -> LeaseWriteResult {
        let ns = lease.metadata.namespace ?? http.config.namespace
        let request = Requests.create(.leases, namespace: ns, name: lease.metadata.name, body: try JSONEncoder().encode(lease))
        return try await writeLease(request)
    }

    public func updateLease(_ lease: Lease) async throws -> LeaseWriteResult {
        let ns = lease.metadata.namespace ?? http.config.namespace
        let request = Requests.update(.leases, namespace: ns, name: lease.metadata.name ?? "",
                                      body: try JSONEncoder().encode(lease))
        return try await writeLease(request)
    }

    private func writeLease(_ request: APIRequest) async throws -> LeaseWriteResult {
        do {
            let (_, body) = try await http.data(request)
            return .written(try decode(Lease.self, body, request.action))
        } catch let error as KubeError where error.kind == .conflict || error.kind == .alreadyExists {
            return .conflict(message: error.status?.message ?? error.message)
        }
    }

    /// Holds a line iterator for the one task that iterates a watch.
    private final class IteratorBox: @unchecked Sendable {
        var iterator: LineSequence.AsyncIterator
        init(_ iterator: LineSequence.AsyncIterator) { self.iterator = iterator }
        func next() async throws -> Data? { try await iterator.next() }
    }

    private func decode<U: Decodable>(_ type: U.Type, _ body: Data, _ action: RequestAction) throws -> U {
        do {
            return try JSONDecoder().decode(U.self, from: body)
        } catch {
            throw KubeError(kind: .decoding, message: "cannot decode the answer to \(action): \(Self.describe(error))")
        }
    }

    /// A decoding error without the offending data (which may hold secrets).
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c), DecodingError.keyNotFound(_, let c),
             DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return "invalid JSON at '\(path)'"
        case let e as JSONScanError: return "invalid JSON: \(e)"
        case let e as ListSplitError: return e.description
        default:
            return "\(type(of: error))"
        }
    }
}
