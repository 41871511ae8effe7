import Foundation
import NIOCore
import NIOHTTP1

/// One open watch response on one connection. Lives on the channel's event loop and pulls
/// pre-serialized lines from the shared history while the channel is writable.
final class WatchStream {
    private let core: SimCore
    private let plan: WatchPlan
    private let context: ChannelHandlerContext
    private let onFinish: () -> Void
    private var subscriber: WatchSubscriber?
    private var generation = 0
    private var cursor = 0
    private var initial: [StoredObject] = []
    private var initialIndex = 0
    private var pendingEndBookmark = false
    private var fault: WatchFault?
    private var finished = false
    private var timers: [Scheduled<Void>] = []
    private var splitter: ChunkSplitter?
    private let scheduled = Locked(false)

    init(core: SimCore, plan: WatchPlan, context: ChannelHandlerContext, onFinish: @escaping () -> Void) {
        self.core = core
        self.plan = plan
        self.context = context
        self.onFinish = onFinish
        if case .randomSplit(let seed, let maxChunk) = core.options.chunking {
            splitter = ChunkSplitter(seed: seed, maxChunk: maxChunk)
        }
    }

    /// Headers are already written; register and start streaming.
    func start() {
        fault = core.takeWatchFault(plan.kind)
        if fault == .closeImmediately { return finish() }
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let flag = scheduled
        let notify: @Sendable () -> Void = {
            let already = flag.withLock { f -> Bool in defer { f = true }; return f }
            if !already { loop.execute { bound.value.pump() } }
        }
        switch core.subscribe(plan, notify: notify) {
        case .tooOld(let error):
            // After a parseable RV, expiry is an in-band ERROR event, then EOF (cacher.go `newErrWatcher`).
            var line = context.channel.allocator.buffer(capacity: 256)
            line.writeString("{\"type\":\"ERROR\",\"object\":\(error.statusJSON)}\n")
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(line))), promise: nil)
            return finish()
        case .started(let sub, let initial, let rv, let gen):
            subscriber = sub
            generation = gen
            cursor = rv
            self.initial = initial.filter(plan.matches)
            pendingEndBookmark = plan.initialEventsEnd && plan.allowBookmarks
        }
        scheduleTimers()
        pump()
    }

    private func scheduleTimers() {
        let loop = context.eventLoop.assumeIsolated()
        let timeout = plan.timeoutSeconds
        timers.append(loop.scheduleTask(in: .nanoseconds(Int64(timeout * 1e9))) { self.finish() })
        guard plan.allowBookmarks, plan.resource.watchCached else { return }
        // A bookmark ~2 s before the deadline lets the client resume exactly there
        // (source: apiserver pkg/storage/cacher/cache_watcher.go `nextBookmarkTime`).
        if timeout > 2 {
            timers.append(loop.scheduleTask(in: .nanoseconds(Int64((timeout - 2) * 1e9))) { self.bookmark() })
        }
        scheduleNextBookmark()
    }

    private func scheduleNextBookmark() {
        let interval = core.options.bookmarkInterval
        guard interval > 0, !finished else { return }
        timers.append(context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(interval * 1e9))) {
            self.bookmark()
            self.scheduleNextBookmark()
        })
    }

    private func bookmark() {
        pump()
        guard !finished, initialIndex >= initial.count, !pendingEndBookmark else { return }
        write([bookmarkLine(endOfInitialEvents: false)])
    }

    /// Bookmark object: an empty object of the watched kind with only the RV (kubernetes-facts §1.3).
    private func bookmarkLine(endOfInitialEvents: Bool) -> ByteBuffer {
        var meta = "{\"resourceVersion\":\"\(cursor)\""
        if endOfInitialEvents { meta += ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}" }
        meta += "}"
        var object = "{\"kind\":\"\(plan.resource.kind)\",\"apiVersion\":\"\(plan.resource.groupVersion)\",\"metadata\":\(meta)"
        if plan.resource.plural == "pods" { object += ",\"spec\":{\"containers\":null},\"status\":{}" }
        object += "}"
        return WatchLine.make(type: "BOOKMARK", object: Data(object.utf8))
    }

    /// Writes as much as the channel accepts; resumed by writability changes and store pokes.
    func pump() {
        scheduled.withLock { $0 = false }
        while !finished, context.channel.isWritable {
            var lines: [ByteBuffer] = []
            var bytes = 0
            while initialIndex < initial.count, bytes < 256 * 1024 {
                let object = initial[initialIndex]
                initialIndex += 1
                let line = WatchLine.make(type: "ADDED", object: object.data)
                bytes += line.readableBytes
                lines.append(line)
            }
            if initialIndex >= initial.count, lines.isEmpty {
                if pendingEndBookmark {
                    pendingEndBookmark = false
                    lines.append(bookmarkLine(endOfInitialEvents: true))
                } else {
                    switch core.watchEvents(after: cursor, max: 256, generation: generation) {
                    case .closed, .fellBehind:
                        return finish()
                    case .events(let events, _):
                        for e in events {
                            cursor = e.rv
                            if plan.matches(e) { lines.append(e.line) }
                        }
                        subscriber?.cursor.withLock { $0 = cursor }
                        if events.isEmpty { return }
                    }
                }
            }
            if !lines.isEmpty { write(lines) }
        }
    }

    private func write(_ lines: [ByteBuffer]) {
        guard !finished else { return }
        if fault == .dropMidEvent, let first = lines.first {
            // Half an event, then an abrupt close: the client must discard the partial line.
            var half = first
            half.moveWriterIndex(to: half.readerIndex + max(1, first.readableBytes / 2))
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(half))), promise: nil)
            finished = true
            cleanup()
            context.close(promise: nil)
            return
        }
        switch core.options.chunking {
        case .perEvent:
            for line in lines { context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(line))), promise: nil) }
            context.flush()
        case .coalesced:
            var all = context.channel.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.readableBytes })
            for var line in lines { all.writeBuffer(&line) }
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(all))), promise: nil)
        case .randomSplit:
            var all = context.channel.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.readableBytes })
            for var line in lines { all.writeBuffer(&line) }
            while all.readableBytes > 0, var splitter {
                let n = min(all.readableBytes, splitter.next())
                self.splitter = splitter
                let piece = all.readSlice(length: n)!
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(piece))), promise: nil)
            }
        }
    }

    /// Clean end of the chunked body (timeout or server-side close): HTTP 200, no trailer event.
    func finish() {
        guard !finished else { return }
        finished = true
        cleanup()
        let onFinish = self.onFinish
        // Close (for Connection: close) only once the terminating chunk is on the wire.
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).assumeIsolated().whenComplete { _ in onFinish() }
    }

    /// The client went away.
    func cancel() {
        guard !finished else { return }
        finished = true
        cleanup()
    }

    private func cleanup() {
        timers.forEach { $0.cancel() }
        timers.removeAll()
        if let subscriber { core.unsubscribe(subscriber.id) }
        subscriber = nil
    }
}

/// Deterministic chunk sizes (SplitMix64).
struct ChunkSplitter {
    var state: UInt64
    let maxChunk: Int

    init(seed: UInt64, maxChunk: Int) {
        state = seed
        self.maxChunk = max(1, maxChunk)
    }

    mutating func next() -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(maxChunk)) + 1
    }
}
