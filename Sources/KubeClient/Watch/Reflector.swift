import Foundation
import Logging

/// The two calls a reflector needs, as closures so a fake is two closures
/// (client-go `cache.ListWatch`).
public struct ListWatch<T: Sendable>: Sendable {
    public var list: @Sendable (ListOptions) async throws -> ObjectList<T>
    public var watch: @Sendable (ListOptions) async throws -> WatchEventSequence<T>

    public init(list: @escaping @Sendable (ListOptions) async throws -> ObjectList<T>,
                watch: @escaping @Sendable (ListOptions) async throws -> WatchEventSequence<T>) {
        self.list = list
        self.watch = watch
    }
}

extension ListWatch {
    /// List and watch `resource` through a `KubeAPI`, decoding objects with `decoding`.
    public init(api: any KubeAPI, resource: Resource, namespace: String?, decoding: ObjectDecoding<T>) {
        self.init(list: { try await api.listPage(resource, namespace: namespace, options: $0, decoding: decoding) },
                  watch: { try await api.watch(resource, namespace: namespace, options: $0, decoding: decoding) })
    }
}

extension ListWatch where T: Decodable {
    /// List and watch `resource` through a `KubeAPI`, decoding with `JSONDecoder`.
    public init(api: any KubeAPI, resource: Resource, namespace: String?) {
        self.init(api: api, resource: resource, namespace: namespace, decoding: .decodable)
    }
}

/// Runs a `ReflectorMachine`: performs its requests, sleeps its delays (jittered backoff
/// lives here, not in the machine) and hands events to the consumer. Runs until cancelled.
public struct Reflector<T: Sendable>: Sendable {
    public let listWatch: ListWatch<T>
    public let config: ReflectorConfig
    public let clock: ReflectorClock
    public let random: @Sendable () -> Double
    public let logger: Logger

    public init(listWatch: ListWatch<T>, config: ReflectorConfig = ReflectorConfig(), clock: ReflectorClock = .system,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                logger: Logger = Logger(label: "restartwatch.reflector")) {
        self.listWatch = listWatch
        self.config = config
        self.clock = clock
        self.random = random
        self.logger = logger
    }

    /// Lists, watches and recovers until the task is cancelled; `handle` sees every event in order.
    public func run(_ handle: @Sendable (ReflectorEvent<T>) async -> Void) async {
        var machine = ReflectorMachine<T>(config: config)
        var backoff = Backoff()
        var commands = machine.reduce(.start)
        while !Task.isCancelled {
            guard let request = await emit(commands, handle) else { return }
            // Emitted snapshots must not live on through the watch that follows (minutes): for a
            // 10 k-pod list that held ~1 KB per pod (issue #6).
            commands = []
            do {
                try await wait(request, &backoff)
            } catch {
                return  // cancelled while sleeping
            }
            switch request {
            case .list(let options, _):
                do {
                    commands = machine.reduce(.listPage(try await listWatch.list(options)))
                } catch {
                    if Task.isCancelled { return }
                    commands = machine.reduce(.listFailed(Self.kubeError(error)))
                }
            case .watch(let options, _):
                commands = await watch(options, &machine, handle)
            case .emit:
                return
            }
        }
    }

    /// Hands out `.emit`s in order; returns the request command, if any.
    private func emit(_ commands: [ReflectorCommand<T>], _ handle: @Sendable (ReflectorEvent<T>) async -> Void)
        async -> ReflectorCommand<T>? {
        var request: ReflectorCommand<T>?
        for command in commands {
            switch command {
            case .emit(let event):
                if case .problem(let e) = event { logger.info("watch recovering", metadata: ["problem": "\(e.message)"]) }
                await handle(event)
            case .list, .watch:
                request = command
            }
        }
        return request
    }

    private func wait(_ request: ReflectorCommand<T>, _ backoff: inout Backoff) async throws {
        let delay: RequestDelay
        switch request {
        case .list(_, let d), .watch(_, let d): delay = d
        case .emit: return
        }
        switch delay {
        case .none: return
        case .backoff: try await clock.sleep(backoff.next(now: clock.now(), random: random()))
        case .retryAfter(let seconds): try await clock.sleep(Double(seconds))
        }
    }

    /// One watch stream: feeds events until the machine asks for another request or the stream ends.
    private func watch(_ options: ListOptions, _ machine: inout ReflectorMachine<T>,
                       _ handle: @Sendable (ReflectorEvent<T>) async -> Void) async -> [ReflectorCommand<T>] {
        let started = clock.now()
        let stream: WatchEventSequence<T>
        do {
            stream = try await listWatch.watch(options)
        } catch {
            return Task.isCancelled ? [] : machine.reduce(.watchFailed(Self.kubeError(error)))
        }
        do {
            for try await event in stream {
                let commands = machine.reduce(.watchEvent(event))
                if commands.contains(where: \.isRequest) { return commands }  // leaving ends the stream
                _ = await emit(commands, handle)
            }
            return machine.reduce(.watchEnded(elapsedSeconds: clock.now() - started))
        } catch {
            if Task.isCancelled { return [] }
            return machine.reduce(.watchDropped(elapsedSeconds: clock.now() - started, Self.kubeError(error)))
        }
    }

    static func kubeError(_ error: any Error) -> KubeError {
        if let e = error as? KubeError { return e }
        return KubeError(kind: .transport, message: "\(type(of: error)): \(error)")
    }
}
