import Foundation

/// A queued fault with its filter and remaining uses.
struct PendingFault: Sendable {
    var fault: ClusterSim.Fault
    var filter: ClusterSim.RequestFilter
    var remaining: Int
}

/// What the request being served looks like, for fault filters.
struct RequestKind: Sendable {
    var path: String
    var isWatch: Bool
    var isList: Bool
    var isGet: Bool
    var isLog: Bool

    func matches(_ filter: ClusterSim.RequestFilter) -> Bool {
        switch filter {
        case .any: return true
        case .watch: return isWatch
        case .list: return isList
        case .get: return isGet
        case .logs: return isLog
        case .pathContains(let s): return path.contains(s)
        }
    }
}

/// A fault decided for one request.
enum RequestFault: Sendable {
    case tooManyRequests(retryAfter: Int)
    case storageInitializing(retryAfter: Int)
    case serverError(code: Int, retryAfter: Int?)
    case stall(seconds: Double)
    case gone
}

/// A fault decided for one watch stream.
enum WatchFault: Sendable {
    case dropMidEvent
    case closeImmediately
}

extension SimCore {
    func inject(_ fault: ClusterSim.Fault, matching filter: ClusterSim.RequestFilter) {
        var poke: [WatchSubscriber] = []
        state.withLock { s in
            switch fault {
            case .expireContinueTokens:
                s.continueEpoch += 1
            case .compactHistory(let keep):
                s.history.keepLast(keep)
                s.compactedRV = max(s.compactedRV, (s.history.oldestRV ?? s.rv + 1) - 1)
            case .closeAllWatches:
                s.closeWatchesGeneration += 1
                poke = Array(s.watchers.values)
            case .respond429(_, let count), .respond5xx(_, let count, _), .stall(_, let count), .respond410(let count),
                 .storageInitializing(_, let count):
                s.faults.append(PendingFault(fault: fault, filter: filter, remaining: count))
            case .dropNextWatchMidEvent, .closeNextWatchImmediately:
                s.faults.append(PendingFault(fault: fault, filter: filter, remaining: 1))
            }
        }
        poke.forEach { $0.notify() }
    }

    func clearFaults() { state.withLock { $0.faults.removeAll() } }

    /// Consumes the first request-level fault matching this request.
    func takeRequestFault(_ request: RequestKind) -> RequestFault? {
        state.withLock { s in
            for i in s.faults.indices where request.matches(s.faults[i].filter) {
                let decided: RequestFault
                switch s.faults[i].fault {
                case .respond429(let retryAfter, _): decided = .tooManyRequests(retryAfter: retryAfter)
                case .storageInitializing(let retryAfter, _): decided = .storageInitializing(retryAfter: retryAfter)
                case .respond5xx(let code, _, let retryAfter): decided = .serverError(code: code, retryAfter: retryAfter)
                case .stall(let seconds, _): decided = .stall(seconds: seconds)
                case .respond410:
                    guard request.isWatch else { continue }
                    decided = .gone
                default: continue
                }
                Self.consume(&s, at: i)
                return decided
            }
            return nil
        }
    }

    /// Consumes the first watch-level fault matching this watch.
    func takeWatchFault(_ request: RequestKind) -> WatchFault? {
        state.withLock { s in
            for i in s.faults.indices where request.matches(s.faults[i].filter) {
                let decided: WatchFault
                switch s.faults[i].fault {
                case .dropNextWatchMidEvent: decided = .dropMidEvent
                case .closeNextWatchImmediately: decided = .closeImmediately
                default: continue
                }
                Self.consume(&s, at: i)
                return decided
            }
            return nil
        }
    }

    private static func consume(_ s: inout StoreState, at i: Int) {
        s.faults[i].remaining -= 1
        if s.faults[i].remaining <= 0 { s.faults.remove(at: i) }
    }
}
