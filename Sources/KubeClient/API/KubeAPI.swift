import Foundation

/// The Kubernetes API as restartwatch uses it: the seam the executable programs against and
/// tests fake. `T` is the caller's own Decodable type (e.g. Diagnosis's `Pod`).
public protocol KubeAPI: Sendable {
    /// One LIST page (`options.limit`/`continueToken` for paging); items are decoded as they
    /// stream in, the page's body is never held whole.
    func listPage<T: Sendable>(_ resource: Resource, namespace: String?, options: ListOptions,
                               decoding: ObjectDecoding<T>) async throws -> ObjectList<T>
    /// Opens a WATCH; throws if opening fails (HTTP error, no connection). The sequence ends
    /// when the server ends the stream and throws when the connection drops. Malformed lines
    /// are counted, logged and skipped.
    func watch<T: Sendable>(_ resource: Resource, namespace: String?, options: ListOptions,
                            decoding: ObjectDecoding<T>) async throws -> WatchEventSequence<T>
    /// GET one object; `KubeError.kind == .notFound` when absent.
    func get<T: Decodable & Sendable>(_ resource: Resource, namespace: String?, name: String,
                                      as type: T.Type) async throws -> T
    /// Pod logs; `.noPreviousLogs` for the normal 400/404 answers to `previous=true`.
    func logs(namespace: String, pod: String, options: LogOptions) async throws -> PodLogs
    /// POST a core/v1 Event; returns the stored event.
    func createEvent(_ event: CoreEvent) async throws -> CoreEvent
    /// GET a Lease; nil when it does not exist.
    func getLease(namespace: String, name: String) async throws -> Lease?
    /// POST a Lease; `.conflict` when it already exists.
    func createLease(_ lease: Lease) async throws -> LeaseWriteResult
    /// PUT a Lease carrying the resourceVersion read earlier; `.conflict` on a stale RV.
    func updateLease(_ lease: Lease) async throws -> LeaseWriteResult
    /// The `Date` header of the latest response (the API server's clock), if any.
    var lastServerDate: Date? { get }
    /// Requests sent, keyed `METHOD path`.
    var requestCounts: [String: Int] { get }
}

extension KubeAPI {
    /// One LIST page decoded with `JSONDecoder`.
    public func listPage<T: Decodable & Sendable>(_ resource: Resource, namespace: String?, options: ListOptions,
                                                  as type: T.Type) async throws -> ObjectList<T> {
        try await listPage(resource, namespace: namespace, options: options, decoding: .decodable)
    }

    /// A WATCH decoded with `JSONDecoder`.
    public func watch<T: Decodable & Sendable>(_ resource: Resource, namespace: String?, options: ListOptions,
                                               as type: T.Type) async throws -> WatchEventSequence<T> {
        try await watch(resource, namespace: namespace, options: options, decoding: .decodable)
    }
}

/// What a pod log request returned.
public enum PodLogs: Sendable, Equatable {
    case text(String)
    /// `previous=true` and there is no previous container (kubelet
    /// `validateContainerLogStatus`: `previous terminated container … not found`, HTTP 400).
    case noPreviousLogs(reason: String)
    /// 204: the pod has no node yet (apiserver `LocationStreamer`).
    case noContent
}

/// Result of a Lease write under optimistic concurrency.
public enum LeaseWriteResult: Sendable, Equatable {
    case written(Lease)
    /// 409: someone else wrote first (AlreadyExists on create, Conflict on update).
    case conflict(message: String)
}

/// Watch events as an async sequence; iteration pulls lines from the stream and decodes them.
public struct WatchEventSequence<T: Sendable>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<T>
    private let makeNext: @Sendable () -> (@Sendable () async throws -> WatchEvent<T>?)

    /// `makeNext` is called once per iterator and returns its `next` function.
    public init(makeNext: @escaping @Sendable () -> (@Sendable () async throws -> WatchEvent<T>?)) {
        self.makeNext = makeNext
    }

    /// Fixed events, then a clean end or `error` (for fakes).
    public init(events: [WatchEvent<T>], error: KubeError? = nil) {
        self.init {
            let index = Locked(0)
            return {
                let i = index.withLock { i -> Int in defer { i += 1 }; return i }
                if i < events.count { return events[i] }
                if let error { throw error }
                return nil
            }
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextFn: @Sendable () async throws -> WatchEvent<T>?
        public mutating func next() async throws -> WatchEvent<T>? { try await nextFn() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(nextFn: makeNext()) }
}
