import Foundation

/// client-go's Reflector (list, then watch, then resume or relist) as a pure state machine:
/// `reduce(input)` returns the commands to run; it never sleeps, reads a clock or does I/O.
public struct ReflectorMachine<T: Sendable>: Sendable {
    /// Where the machine is.
    public enum Phase: Sendable, Equatable { case idle, listing, watching }

    public private(set) var phase: Phase = .idle
    /// RV of the last list or event seen (client-go `lastSyncResourceVersion`).
    public private(set) var lastSyncResourceVersion = ""
    /// Set after the server called that RV expired/too large (client-go
    /// `isLastSyncResourceVersionUnavailable`).
    public private(set) var lastSyncResourceVersionUnavailable = false
    /// The server answered a paged list with a continue token once.
    public private(set) var serverPaginated = false
    private var listItems: [KubeObject<T>] = []
    private var lastListOptions = ListOptions()
    private var lastWatchOptions = ListOptions()
    private var listExpiriesInARow = 0
    private var eventsInWatch = 0
    private var random: SplitMix64
    public let config: ReflectorConfig

    public init(config: ReflectorConfig) {
        self.config = config
        self.random = SplitMix64(seed: config.seed)
    }

    public mutating func reduce(_ input: ReflectorInput<T>) -> [ReflectorCommand<T>] {
        switch input {
        case .start: return startList(delay: .none)
        case .listPage(let page): return phase == .listing ? receive(page) : []
        case .listFailed(let error): return phase == .listing ? listFailed(error) : []
        case .watchFailed(let error): return phase == .watching ? watchFailed(error) : []
        case .watchEvent(let event): return phase == .watching ? receive(event) : []
        case .watchEnded(let elapsed):
            return phase == .watching ? streamEnded(elapsed: elapsed, error: nil) : []
        case .watchDropped(let elapsed, let error):
            return phase == .watching ? streamEnded(elapsed: elapsed, error: error) : []
        }
    }

    // MARK: list

    private mutating func startList(delay: RequestDelay) -> [ReflectorCommand<T>] {
        phase = .listing
        listItems = []
        let rv = ResourceVersionRules.relistResourceVersion(
            lastSynced: lastSyncResourceVersion, lastSyncedUnavailable: lastSyncResourceVersionUnavailable)
        var options = config.selectors
        options.resourceVersion = rv
        options.limit = ResourceVersionRules.pageSize(forResourceVersion: rv, serverPaginated: serverPaginated,
                                                      pageSize: config.pageSize)
        options.continueToken = nil
        options.timeoutSeconds = nil
        options.allowWatchBookmarks = false
        lastListOptions = options
        return [.list(options, delay: delay)]
    }

    private mutating func receive(_ page: ObjectList<T>) -> [ReflectorCommand<T>] {
        listItems.append(contentsOf: page.items)
        if let token = page.metadata.continue, !token.isEmpty {
            serverPaginated = true
            // Why RV is cleared: the continue token encodes the snapshot's RV, and the apiserver
            // rejects resourceVersion together with continue (client-go `tools/pager` `List`).
            var next = lastListOptions
            next.continueToken = token
            next.resourceVersion = nil
            next.resourceVersionMatch = nil
            lastListOptions = next
            return [.list(next, delay: .none)]
        }
        let rv = page.metadata.resourceVersion ?? ""
        lastSyncResourceVersion = rv
        lastSyncResourceVersionUnavailable = false
        listExpiriesInARow = 0
        let snapshot = listItems
        listItems = []
        return [.emit(.snapshot(snapshot, resourceVersion: rv))] + startWatch(delay: .none)
    }

    private mutating func listFailed(_ error: KubeError) -> [ReflectorCommand<T>] {
        switch error.kind {
        case .expired, .resourceVersionTooLarge:
            // Why: the RV (or the continue token's snapshot) is gone; client-go marks the last RV
            // unavailable and relists with "" at once (`Reflector.list`,
            // `setIsLastSyncResourceVersionUnavailable`). A second expiry in a row backs off.
            lastSyncResourceVersionUnavailable = true
            listExpiriesInARow += 1
            return startList(delay: listExpiriesInARow > 1 ? .backoff : .none)
        case .tooManyRequests:
            // Why: 429 means "same request later", honouring Retry-After (client-go `with_retry.go`).
            return [.emit(.problem(error)), .list(lastListOptions, delay: .retryAfter(seconds: error.retryAfterSeconds ?? 1))]
        default:
            return [.emit(.problem(error))] + startList(delay: .backoff)
        }
    }

    // MARK: watch

    private mutating func startWatch(delay: RequestDelay, resourceVersion: String? = nil) -> [ReflectorCommand<T>] {
        phase = .watching
        eventsInWatch = 0
        var options = config.selectors
        options.resourceVersion = resourceVersion ?? ResourceVersionRules.resumeResourceVersion(lastSynced: lastSyncResourceVersion)
        options.limit = nil
        options.continueToken = nil
        options.allowWatchBookmarks = true
        options.timeoutSeconds = nextWatchTimeout()
        lastWatchOptions = options
        return [.watch(options, delay: delay)]
    }

    /// Why random: spreads re-watches of many clients over time (client-go `Reflector.watch`,
    /// `timeoutSeconds = minWatchTimeout * (rand + 1)`).
    private mutating func nextWatchTimeout() -> Int {
        let span = UInt64(max(1, config.minWatchTimeoutSeconds))
        return config.minWatchTimeoutSeconds + Int(random.next() % span)
    }

    private mutating func receive(_ event: WatchEvent<T>) -> [ReflectorCommand<T>] {
        eventsInWatch += 1
        switch event {
        case .added(let o): return advance(o, .added(o))
        case .modified(let o): return advance(o, .modified(o))
        case .deleted(let o): return advance(o, .deleted(o))
        case .bookmark(let rv, _):
            lastSyncResourceVersion = ResourceVersionRules.advance(lastSynced: lastSyncResourceVersion, eventResourceVersion: rv)
            return []
        case .error(let status):
            return watchFailed(ErrorMapping.fromWatchStatus(status))
        }
    }

    private mutating func advance(_ object: KubeObject<T>, _ event: ReflectorEvent<T>) -> [ReflectorCommand<T>] {
        lastSyncResourceVersion = ResourceVersionRules.advance(
            lastSynced: lastSyncResourceVersion, eventResourceVersion: object.header.resourceVersion)
        return [.emit(event)]
    }

    private mutating func watchFailed(_ error: KubeError) -> [ReflectorCommand<T>] {
        switch error.kind {
        case .expired:
            // Why no "unavailable" mark: LIST at the last RV already means "at least this new",
            // so client-go first relists from it (`Reflector.watch` expired branch); kube-rs relists
            // at once on a desync, so no backoff either.
            return startList(delay: .none)
        case .tooManyRequests:
            // Why no relist: 429 says "later", not "your RV is bad" (client-go `Reflector.watch`).
            return [.emit(.problem(error))] + startWatch(delay: .retryAfter(seconds: error.retryAfterSeconds ?? 1),
                                                       resourceVersion: lastWatchOptions.resourceVersion)
        case .connectionFailed:
            // Why: the server is down, not our state; client-go re-watches from the same RV after backoff.
            return [.emit(.problem(error))] + startWatch(delay: .backoff, resourceVersion: lastWatchOptions.resourceVersion)
        default:
            return [.emit(.problem(error))] + startList(delay: .backoff)
        }
    }

    private mutating func streamEnded(elapsed: Double, error: KubeError?) -> [ReflectorCommand<T>] {
        if ResourceVersionRules.isVeryShortWatch(elapsedSeconds: elapsed, events: eventsInWatch) {
            let problem = KubeError(kind: .transport, message: "very short watch: the watch of \(lastWatchOptions.resourceVersion ?? "") "
                + "ended after \(Int(elapsed * 1000)) ms without any event" + (error.map { " (\($0.message))" } ?? ""))
            return [.emit(.problem(problem))] + startList(delay: .backoff)
        }
        return startWatch(delay: .none)
    }
}

/// Deterministic 64-bit generator (Steele, Lea, Flood: SplitMix64), so the machine stays pure.
struct SplitMix64: Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
