import Foundation

/// What a reflector hands its consumer. After every (re)list comes one complete `.snapshot`
/// that replaces everything known before ("never half of one"), then deltas.
public enum ReflectorEvent<T: Sendable>: Sendable {
    case snapshot([KubeObject<T>], resourceVersion: String)
    case added(KubeObject<T>)
    case modified(KubeObject<T>)
    case deleted(KubeObject<T>)
    /// A failure the reflector is recovering from (it keeps going); for logs and health.
    case problem(KubeError)
}

extension ReflectorEvent: Equatable where T: Equatable {}

/// Inputs of the reflector state machine: results of the requests it asked for.
public enum ReflectorInput<T: Sendable>: Sendable {
    case start
    case listPage(ObjectList<T>)
    case listFailed(KubeError)
    /// Opening the watch failed (HTTP error or no connection).
    case watchFailed(KubeError)
    case watchEvent(WatchEvent<T>)
    /// The server ended the stream cleanly (timeoutSeconds reached, server closed).
    case watchEnded(elapsedSeconds: Double)
    /// The connection broke mid-stream (possibly mid-line).
    case watchDropped(elapsedSeconds: Double, KubeError)
}

/// How long to wait before a request; the driver turns `.backoff` into a jittered delay.
public enum RequestDelay: Sendable, Equatable {
    case none
    case backoff
    case retryAfter(seconds: Int)
}

/// What the state machine asks the driver to do.
public enum ReflectorCommand<T: Sendable>: Sendable {
    case list(ListOptions, delay: RequestDelay)
    case watch(ListOptions, delay: RequestDelay)
    case emit(ReflectorEvent<T>)

    /// True for commands that start a request (and so end the current watch stream).
    public var isRequest: Bool {
        switch self {
        case .list, .watch: true
        case .emit: false
        }
    }
}

extension ReflectorCommand: Equatable where T: Equatable {}

/// Reflector settings; defaults follow client-go.
public struct ReflectorConfig: Sendable {
    /// Label/field selectors sent with every list and watch.
    public var selectors: ListOptions
    public var pageSize: Int
    /// Watch `timeoutSeconds` is uniform in [min, 2×min) (client-go `defaultMinWatchTimeout` 5 min).
    public var minWatchTimeoutSeconds: Int
    /// Seed of the deterministic generator that picks watch timeouts.
    public var seed: UInt64

    public init(selectors: ListOptions = ListOptions(), pageSize: Int = ResourceVersionRules.defaultPageSize,
                minWatchTimeoutSeconds: Int = 300, seed: UInt64 = UInt64.random(in: 0...UInt64.max)) {
        self.selectors = selectors
        self.pageSize = pageSize
        self.minWatchTimeoutSeconds = minWatchTimeoutSeconds
        self.seed = seed
    }
}
