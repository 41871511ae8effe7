import Foundation

extension ClusterSim {
    /// How watch output is cut into HTTP chunks (kubernetes-facts §1.2: clients must not assume
    /// chunk == event).
    public enum WatchChunking: Sendable, Hashable {
        /// One chunk per event, flushed once per batch (the apiserver's behaviour).
        case perEvent
        /// All events available at once go into a single chunk.
        case coalesced
        /// Events are concatenated and re-cut at pseudo-random boundaries (1...maxChunk bytes),
        /// each piece flushed separately. Deterministic for a given seed.
        case randomSplit(seed: UInt64, maxChunk: Int = 97)
    }

    /// Server configuration.
    public struct Options: Sendable {
        /// 0 picks a free port.
        public var port: Int = 0
        /// How many events are retained for watch resume; older resume points get 410. A watcher
        /// that falls further behind is closed (like the apiserver's slow-consumer close): fast
        /// producers should pace with `waitForWatchers` or raise this.
        public var historyLimit: Int = 10_000
        /// Periodic bookmark interval in seconds (real apiserver: 60 s, `defaultBookmarkFrequency`).
        public var bookmarkInterval: Double = 60
        public var chunking: WatchChunking = .perEvent
        /// Bearer tokens → user name. Non-empty turns authentication on.
        public var tokens: [String: String] = [:]
        /// Trust `X-Remote-User` / `X-Remote-Group` from a front proxy (requestheader authentication).
        /// Only enable it when the port is reachable solely through `TLSFrontProxy`.
        public var trustFrontProxyHeaders = false
        /// Require authentication even if `tokens` is empty (e.g. front-proxy-only setups).
        public var requireAuthentication = false
        /// Authorization decision; nil allows everything authenticated.
        public var authorizer: (@Sendable (RequestAttributes) -> Bool)?
        /// Initial simulated time (Date header, creationTimestamp, event timestamps).
        public var startTime = Date()
        /// `/version` minor; kubectl's dispatcher picks the matching kubectl (swift-libcurl-notes §4).
        public var serverMinorVersion = 32
        /// A 1.32 server defaults a watch from RV ""/"0" to a WatchList and sends the
        /// `k8s.io/initial-events-end` bookmark when bookmarks are allowed (kubernetes-facts §1.10).
        public var watchListDefaulting = true
        /// Extra (custom) resource types to serve.
        public var extraResources: [ResourceInfo] = []
        /// Starting resourceVersion counter.
        public var initialResourceVersion = 1000

        public init() {}
    }

    /// A fault the next matching request(s) will suffer.
    public enum Fault: Sendable, Hashable {
        /// Plain-text 429 with `Retry-After` (APF rejection, kubernetes-facts §6.3).
        case respond429(retryAfter: Int, count: Int = 1)
        /// JSON Status 429 `storage is (re)initializing` with `details.retryAfterSeconds` and a
        /// Retry-After header (watch cache not ready, kubernetes-facts §1.4 / §6.3).
        case storageInitializing(retryAfter: Int, count: Int = 1)
        /// JSON Status 500 (`InternalError`) or 503 (`ServiceUnavailable`), optional Retry-After.
        case respond5xx(code: Int, count: Int = 1, retryAfter: Int? = nil)
        /// Delay the response by `seconds` (real time).
        case stall(seconds: Double, count: Int = 1)
        /// HTTP 410 Status as the response to a watch request itself.
        case respond410(count: Int = 1)
        /// The next watch writes half of its next event line, then drops the connection.
        case dropNextWatchMidEvent
        /// The next watch answers 200 and ends immediately with no events.
        case closeNextWatchImmediately
        /// Every continue token issued so far becomes invalid (HTTP 410 Expired).
        case expireContinueTokens
        /// Drop all but the last `keepingLast` history events (like etcd compaction); continue
        /// tokens older than the compaction point expire too.
        case compactHistory(keepingLast: Int)
        /// End every open watch cleanly (like an apiserver restart).
        case closeAllWatches
    }

    /// Which requests a request-level fault applies to.
    public enum RequestFilter: Sendable, Hashable {
        case any
        case watch
        case list
        case get
        case logs
        /// Requests whose path contains this string.
        case pathContains(String)
    }

    /// One served request, for assertions.
    public struct RequestRecord: Sendable, Hashable {
        public var method: String
        public var path: String
        public var query: [String: String]
        public var user: String?
        public var status: Int
        public var isWatch: Bool
        public var contentType: String?
        public var body: Data?
        public var accept: String?
        public var userAgent: String?
        /// Whether an `Authorization` header was sent (its value is never recorded).
        public var sentAuthorization: Bool
        /// HTTP version of the request, e.g. "HTTP/1.1".
        public var httpVersion: String
    }
}

/// What an authorizer decides on (apiserver `authorizer.Attributes`).
public struct RequestAttributes: Sendable, Hashable {
    public var user: String
    public var groups: [String]
    /// get, list, watch, create, update, patch, delete
    public var verb: String
    public var apiGroup: String
    public var resource: String
    public var subresource: String
    public var namespace: String
    public var name: String
}
