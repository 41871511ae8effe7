import Foundation
import NIOCore

/// One entry of the change history: pre-serialized so every watcher shares the same bytes. It
/// keeps only the line (not the StoredObject), so superseded versions cost their size once.
struct HistoryEvent: Sendable {
    let rv: Int
    let resourceKey: String
    let type: String
    let namespace: String?
    let line: ByteBuffer
    private let selectable: Locked<SelectableFields?>

    init(rv: Int, resourceKey: String, type: String, object: StoredObject) {
        self.rv = rv
        self.resourceKey = resourceKey
        self.type = type
        self.namespace = object.namespace
        self.line = WatchLine.make(type: type, object: object.data)
        self.selectable = Locked(nil)
    }

    /// Labels and fields for selectors, parsed from the line on first use.
    func fields(_ resource: ResourceInfo) -> SelectableFields {
        selectable.withLock { cached in
            if let cached { return cached }
            let parsed = SelectableFields(watchLine: line, resource: resource)
            cached = parsed
            return parsed
        }
    }
}

/// Builds `{"type":"…","object":…}\n` (kubernetes-facts §1.2: WatchEvent `type` then `object`).
enum WatchLine {
    static func make(type: String, object: Data) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: object.count + 32)
        buffer.writeString("{\"type\":\"\(type)\",\"object\":")
        buffer.writeBytes(object)
        buffer.writeString("}\n")
        return buffer
    }
}

/// A bounded, resourceVersion-contiguous event history (every mutation is exactly one event).
struct History: Sendable {
    private var events: [HistoryEvent] = []
    private var head = 0
    var limit: Int

    init(limit: Int) { self.limit = max(1, limit) }

    var count: Int { events.count - head }
    /// RV of the oldest retained event, or nil when empty.
    var oldestRV: Int? { head < events.count ? events[head].rv : nil }

    mutating func append(_ event: HistoryEvent) {
        events.append(event)
        if count > limit { head += 1 }
        if head > 4096, head * 2 > events.count {
            events.removeFirst(head)
            head = 0
        }
    }

    mutating func keepLast(_ n: Int) {
        head = max(head, events.count - max(0, n))
    }

    /// Events with rv > `after`, at most `max`. Caller checks `after` is still covered.
    func events(after rv: Int, max: Int) -> ArraySlice<HistoryEvent> {
        guard let oldest = oldestRV else { return [] }
        let start = head + Swift.max(0, rv + 1 - oldest)
        guard start < events.count else { return [] }
        return events[start..<Swift.min(events.count, start + max)]
    }
}

/// A registered watch: the store only pokes it; the watch pulls events itself.
final class WatchSubscriber: Sendable {
    let id: Int
    let notify: @Sendable () -> Void
    /// RV up to which this watcher has processed the history (for backpressure waits).
    let cursor: Locked<Int>
    init(id: Int, cursor: Int, notify: @escaping @Sendable () -> Void) {
        self.id = id
        self.cursor = Locked(cursor)
        self.notify = notify
    }
}

/// Mutable state of one simulated cluster, guarded by `SimCore.state`.
struct StoreState {
    var rv: Int
    var objects: [String: [String: StoredObject]] = [:]
    /// Keys of `objects` per resource in etcd order, rebuilt after a key is added or removed (a
    /// 50 k-event list would otherwise sort every key for every page).
    var sortedKeysCache: [String: [String]] = [:]
    var history: History
    var watchers: [Int: WatchSubscriber] = [:]
    var nextWatcherID = 1
    var now: Date
    var faults: [PendingFault] = []
    var requests: [ClusterSim.RequestRecord] = []
    var continueEpoch = 0
    var compactedRV = 0
    var logs: [String: ContainerLog] = [:]
    var eventIndex: [String: EventDedupEntry] = [:]
    var closeWatchesGeneration = 0
    var tokens: [String: String]
    var authorizer: (@Sendable (RequestAttributes) -> Bool)?
}

/// The shared core: store, history, clock, faults and request log behind one lock.
final class SimCore: Sendable {
    let options: ClusterSim.Options
    let registry: ResourceRegistry
    let state: Locked<StoreState>

    init(options: ClusterSim.Options) {
        self.options = options
        self.registry = ResourceRegistry(extra: options.extraResources)
        self.state = Locked(StoreState(rv: options.initialResourceVersion, history: History(limit: options.historyLimit),
                                       now: options.startTime, tokens: options.tokens, authorizer: options.authorizer))
    }

    static func objectKey(_ namespace: String?, _ name: String) -> String { "\(namespace ?? "")/\(name)" }

    var now: Date { state.withLock { $0.now } }

    /// Create or replace; returns the new RV. Watchers are poked after the lock is released.
    @discardableResult
    func put(_ resource: ResourceInfo, namespace: String?, name: String, json: Data) throws -> StoredObject {
        let (object, subscribers) = try state.withLock { s -> (StoredObject, [WatchSubscriber]) in
            let object = try Self.putLocked(&s, resource, namespace: namespace, name: name, json: json)
            return (object, Array(s.watchers.values))
        }
        subscribers.forEach { $0.notify() }
        return object
    }

    static func putLocked(_ s: inout StoreState, _ resource: ResourceInfo, namespace: String?, name: String,
                          json: Data) throws -> StoredObject {
        let ns = resource.namespaced ? namespace : nil
        let key = objectKey(ns, name)
        let existing = s.objects[resource.key]?[key]
        let rv = s.rv + 1
        let defaults = ObjectNormalizer.Identity(
            name: name, namespace: ns, uid: existing?.uid ?? UUID().uuidString.lowercased(),
            creationTimestamp: existing?.creationTimestamp ?? TimeFormat.rfc3339(s.now))
        let object = try ObjectNormalizer.normalize(json, resource: resource, defaults: defaults, rv: rv)
        s.rv = rv
        s.objects[resource.key, default: [:]][key] = object
        if existing == nil { s.sortedKeysCache[resource.key] = nil }
        s.history.append(HistoryEvent(rv: rv, resourceKey: resource.key, type: existing == nil ? "ADDED" : "MODIFIED",
                                      object: object))
        return object
    }

    /// Delete; watchers get DELETED with the last state stamped with the delete's RV.
    @discardableResult
    func delete(_ resource: ResourceInfo, namespace: String?, name: String) -> StoredObject? {
        let (deleted, subscribers) = state.withLock { s -> (StoredObject?, [WatchSubscriber]) in
            let key = Self.objectKey(resource.namespaced ? namespace : nil, name)
            guard let existing = s.objects[resource.key]?[key] else { return (nil, []) }
            s.rv += 1
            s.objects[resource.key]?[key] = nil
            s.sortedKeysCache[resource.key] = nil
            let last = existing.restamped(resourceVersion: s.rv)
            s.history.append(HistoryEvent(rv: s.rv, resourceKey: resource.key, type: "DELETED", object: last))
            return (last, Array(s.watchers.values))
        }
        subscribers.forEach { $0.notify() }
        return deleted
    }

    func get(_ resource: ResourceInfo, namespace: String?, name: String) -> StoredObject? {
        state.withLock { $0.objects[resource.key]?[Self.objectKey(resource.namespaced ? namespace : nil, name)] }
    }

    /// Current objects of a resource sorted by key (etcd order), optionally in one namespace.
    func snapshot(_ resource: ResourceInfo, namespace: String?) -> (objects: [StoredObject], rv: Int) {
        state.withLock { s in
            (Self.sortedObjects(&s, resource, namespace: namespace), s.rv)
        }
    }

    static func sortedObjects(_ s: inout StoreState, _ resource: ResourceInfo, namespace: String?) -> [StoredObject] {
        let all = s.objects[resource.key] ?? [:]
        return sortedKeys(&s, resource.key, namespace: namespace, after: "").compactMap { all[$0] }
    }

    /// Keys of `resourceKey` in etcd order, only those in `namespace` (nil: all) and after `after`.
    static func sortedKeys(_ s: inout StoreState, _ resourceKey: String, namespace: String?, after: String) -> ArraySlice<String> {
        let keys: [String]
        if let cached = s.sortedKeysCache[resourceKey] {
            keys = cached
        } else {
            keys = (s.objects[resourceKey] ?? [:]).keys.sorted()
            s.sortedKeysCache[resourceKey] = keys
        }
        let prefix = namespace.map { "\($0)/" } ?? ""
        let from = lowerBound(keys, prefix > after ? prefix : after, strictlyAfter: !(prefix > after))
        var to = from
        while to < keys.count, keys[to].hasPrefix(prefix) { to += 1 }
        return keys[from..<to]
    }

    /// First index whose key is ≥ `key` (> `key` when `strictlyAfter`).
    private static func lowerBound(_ keys: [String], _ key: String, strictlyAfter: Bool) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key || (strictlyAfter && keys[mid] == key) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
