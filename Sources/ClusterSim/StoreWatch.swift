import Foundation

/// What a watch asked for, validated by the router.
struct WatchPlan: Sendable {
    var resource: ResourceInfo
    var namespace: String?
    var labels: Selector
    var fields: Selector
    /// nil → start with the current state as synthetic ADDED events.
    var startRV: Int?
    /// Send the `k8s.io/initial-events-end` bookmark after the initial events (needs bookmarks).
    var initialEventsEnd: Bool
    var allowBookmarks: Bool
    var timeoutSeconds: Double
    var kind: RequestKind

    func matches(_ object: StoredObject) -> Bool {
        matches(namespace: object.namespace) { object.fields(resource) }
    }

    func matches(_ event: HistoryEvent) -> Bool {
        event.resourceKey == resource.key && matches(namespace: event.namespace) { event.fields(resource) }
    }

    private func matches(namespace ns: String?, _ selectable: () -> SelectableFields) -> Bool {
        if let namespace, ns != namespace { return false }
        if labels.isEmpty, fields.isEmpty { return true }
        let f = selectable()
        return labels.matches(f.labels) && fields.matches(f.fields)
    }
}

/// Result of registering a watch.
enum Subscription {
    case tooOld(APIError)
    case started(WatchSubscriber, initial: [StoredObject], rv: Int, generation: Int)
}

/// Next events for a watch.
enum WatchBatch {
    case events([HistoryEvent], currentRV: Int)
    /// The watcher's position fell out of the retained history (slow consumer): close it.
    case fellBehind
    /// `closeAllWatches` was injected after the watch started.
    case closed
}

extension SimCore {
    /// Registers a watch atomically with its snapshot so no event is missed or duplicated.
    func subscribe(_ plan: WatchPlan, notify: @escaping @Sendable () -> Void) -> Subscription {
        state.withLock { s in
            var initial: [StoredObject] = []
            let cursor: Int
            if let start = plan.startRV {
                let firstRetained = s.history.oldestRV ?? (s.rv + 1)
                if start < firstRetained - 1 {
                    return .tooOld(Self.tooOldError(plan.resource, requested: start, oldest: firstRetained - 1))
                }
                cursor = start
            } else {
                initial = Self.sortedObjects(&s, plan.resource, namespace: plan.namespace)
                cursor = s.rv
            }
            let sub = WatchSubscriber(id: s.nextWatcherID, cursor: cursor, notify: notify)
            s.nextWatcherID += 1
            s.watchers[sub.id] = sub
            return .started(sub, initial: initial, rv: cursor, generation: s.closeWatchesGeneration)
        }
    }

    /// In-band 410 text: the watch cache's for cached resources, etcd's for events
    /// (source: apiserver pkg/storage/cacher/watch_cache_history.go `GetIntervalLocked`;
    /// pkg/storage/etcd3/errors.go `interpretWatchError`).
    static func tooOldError(_ resource: ResourceInfo, requested: Int, oldest: Int) -> APIError {
        let message = resource.watchCached
            ? "too old resource version: \(requested) (\(oldest))"
            : "The resourceVersion for the provided watch is too old."
        return APIError(code: 410, reason: "Expired", message: message)
    }

    func unsubscribe(_ id: Int) {
        _ = state.withLock { $0.watchers.removeValue(forKey: id) }
    }

    func watchEvents(after cursor: Int, max: Int, generation: Int) -> WatchBatch {
        state.withLock { s in
            if s.closeWatchesGeneration != generation { return .closed }
            let firstRetained = s.history.oldestRV ?? (s.rv + 1)
            if cursor < firstRetained - 1 { return .fellBehind }
            return .events(Array(s.history.events(after: cursor, max: max)), currentRV: s.rv)
        }
    }

    var currentRV: Int { state.withLock { $0.rv } }

    /// Lowest position among open watches (nil when none): lets producers pace themselves.
    var slowestWatcherRV: Int? {
        let subs = state.withLock { Array($0.watchers.values) }
        return subs.map { $0.cursor.withLock { $0 } }.min()
    }
}
