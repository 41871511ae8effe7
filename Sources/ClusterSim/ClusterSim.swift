import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback Kubernetes API server holding an in-memory cluster (issue #2), faithful to
/// kubernetes-facts.md: list/watch with pagination, bookmarks and in-band 410s, pod logs, events
/// with kubelet-style dedup, leases, discovery for kubectl, auth hooks and fault injection.
///
/// ```swift
/// let sim = try await ClusterSim.start()                 // 127.0.0.1, free port, auth off
/// try sim.put(resource: "pods", namespace: "ml", name: "p", json: Data(podJSON.utf8))
/// sim.advance(by: 30)                                     // simulated clock (Date header, timestamps)
/// try sim.apply(.recordEvent(KubeletEvent(namespace: "ml", podName: "p", podUID: uid, container: "vllm",
///                                          type: "Warning", reason: "Unhealthy", message: "…", time: sim.now)))
/// sim.appendLog(namespace: "ml", pod: "p", container: "vllm", line: "Downloading…")
/// sim.inject(.respond429(retryAfter: 1, count: 2), matching: .list)
/// sim.inject(.dropNextWatchMidEvent)
/// sim.inject(.compactHistory(keepingLast: 0))            // resume RVs now get an in-band 410
/// // point a client at sim.baseURL ("http://127.0.0.1:PORT"); assert on sim.requests
/// try await sim.stop()
///
/// // TLS + client certificates (nginx front proxy; see TLSFrontProxy):
/// var options = ClusterSim.Options(); options.trustFrontProxyHeaders = true; options.tokens = ["t": "bob"]
/// let secure = try await ClusterSim.start(options)
/// let pki = try ThrowawayPKI.generate()
/// let cert = try pki.issueClientCertificate(commonName: "alice", organization: "ops")
/// let proxy = try await TLSFrontProxy.start(in: secure, pki: pki)   // proxy.baseURL = https://127.0.0.1:PORT
/// defer { proxy.stop() }
/// ```
/// Fast producers (benchmarks) pace with `await sim.waitForWatchers()`; a watcher more than
/// `Options.historyLimit` events behind is closed.
public final class ClusterSim: Sendable {
    let core: SimCore
    private let serverChannel: Channel
    private let children: Locked<[ObjectIdentifier: Channel]>
    /// The TCP port on 127.0.0.1.
    public let port: Int

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(core: SimCore, serverChannel: Channel, children: Locked<[ObjectIdentifier: Channel]>, port: Int) {
        self.core = core
        self.serverChannel = serverChannel
        self.children = children
        self.port = port
    }

    /// Starts a simulator, runs `body` against it, and stops it whether `body` throws or not.
    public static func run<T>(_ options: Options = .init(), _ body: (ClusterSim) async throws -> T) async throws -> T {
        let sim = try await start(options)
        do {
            let result = try await body(sim)
            try await sim.stop()
            return result
        } catch {
            try? await sim.stop()
            throw error
        }
    }

    /// Binds 127.0.0.1 only and starts serving.
    public static func start(_ options: Options = .init()) async throws -> ClusterSim {
        let core = SimCore(options: options)
        let children = Locked<[ObjectIdentifier: Channel]>([:])
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let id = ObjectIdentifier(channel)
                children.withLock { $0[id] = channel }
                channel.closeFuture.whenComplete { _ in _ = children.withLock { $0.removeValue(forKey: id) } }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(HTTPHandler(core: core))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: options.port).get()
        guard let port = channel.localAddress?.port else { throw ClusterSimError(description: "no local port") }
        return ClusterSim(core: core, serverChannel: channel, children: children, port: port)
    }

    /// Stops listening and closes every open connection (watches end abruptly).
    public func stop() async throws {
        try? await serverChannel.close()
        let open = children.withLock { Array($0.values) }
        for child in open { try? await child.close() }
    }

    // MARK: Simulated clock

    /// Simulated "now" (Date header, creationTimestamp, log times).
    public var now: Date { core.now }
    public func setNow(_ date: Date) { core.state.withLock { $0.now = date } }
    public func advance(by seconds: TimeInterval) { core.state.withLock { $0.now += seconds } }

    // MARK: Store

    /// Create or replace an object (`resource` is the plural). Returns its new resourceVersion.
    @discardableResult
    public func put(resource: String, namespace: String?, name: String, json: Data) throws -> Int {
        try core.put(core.resource(plural: resource), namespace: namespace, name: name, json: json).resourceVersion
    }

    /// Delete an object; false if it did not exist.
    @discardableResult
    public func delete(resource: String, namespace: String?, name: String) throws -> Bool {
        core.delete(try core.resource(plural: resource), namespace: namespace, name: name) != nil
    }

    /// Apply one scenario action (see `SimAction`).
    public func apply(_ action: SimAction) throws { try core.apply(action) }
    public func apply(_ actions: [SimAction]) throws { for a in actions { try core.apply(a) } }

    /// The stored bytes of one object.
    public func object(resource: String, namespace: String?, name: String) -> Data? {
        guard let r = try? core.resource(plural: resource) else { return nil }
        return core.get(r, namespace: namespace, name: name)?.data
    }

    /// All objects of a resource, sorted by namespace/name.
    public func objects(resource: String, namespace: String? = nil) -> [Data] {
        guard let r = try? core.resource(plural: resource) else { return [] }
        return core.snapshot(r, namespace: namespace).objects.map(\.data)
    }

    /// The latest resourceVersion handed out.
    public var currentResourceVersion: Int { core.currentRV }

    public func appendLog(namespace: String, pod: String, container: String, line: String) {
        core.appendLog(namespace: namespace, pod: pod, container: container, line: line)
    }

    public func rotateLog(namespace: String, pod: String, container: String) {
        core.rotateLog(namespace: namespace, pod: pod, container: container)
    }

    // MARK: Authentication and authorization

    /// Replaces the accepted bearer tokens (token → user), e.g. to test credential rotation.
    /// Once any token was configured, requests without a valid one get 401.
    public func setTokens(_ tokens: [String: String]) { core.state.withLock { $0.tokens = tokens } }

    /// Replaces the authorizer (nil allows everything).
    public func setAuthorizer(_ authorizer: (@Sendable (RequestAttributes) -> Bool)?) {
        core.state.withLock { $0.authorizer = authorizer }
    }

    // MARK: Faults and observation

    public func inject(_ fault: Fault, matching filter: RequestFilter = .any) { core.inject(fault, matching: filter) }
    public func clearFaults() { core.clearFaults() }

    /// Every request served so far, in order.
    public var requests: [RequestRecord] { core.state.withLock { $0.requests } }
    public func clearRequestLog() { core.state.withLock { $0.requests.removeAll() } }

    /// Number of open watch streams.
    public var activeWatchCount: Int { core.state.withLock { $0.watchers.count } }

    /// Waits until every open watch has processed history up to `rv` (default: current), so a
    /// fast producer cannot run a slow watcher out of the retained history. False on timeout.
    public func waitForWatchers(toReach rv: Int? = nil, timeout: TimeInterval = 30) async -> Bool {
        let target = rv ?? core.currentRV
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (core.slowestWatcherRV ?? target) >= target { return true }
            try? await Task.sleep(nanoseconds: 1_000_000)
        }
        return false
    }

    /// Waits until at least `count` watches are open. False on timeout.
    public func waitForWatches(count: Int = 1, timeout: TimeInterval = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if activeWatchCount >= count { return true }
            try? await Task.sleep(nanoseconds: 2_000_000)
        }
        return false
    }
}
