import Foundation

/// Sends `TransportRequest`s over libcurl and hands back the head plus a streaming body.
public protocol HTTPTransport: Sendable {
    /// Returns once the status and headers arrived; the body streams afterwards.
    func send(_ request: TransportRequest) async throws -> StreamingResponse
}

/// The libcurl implementation, on a shared `CurlEngine`.
public struct CurlTransport: HTTPTransport {
    public let engine: CurlEngine
    /// Bytes buffered per response before the transfer is paused (backpressure).
    public let bodyBufferCapacity: Int

    public init(engine: CurlEngine = .shared, bodyBufferCapacity: Int = 1 << 20) {
        self.engine = engine
        self.bodyBufferCapacity = bodyBufferCapacity
    }

    public func send(_ request: TransportRequest) async throws -> StreamingResponse {
        let channel = BodyChannel(capacity: bodyBufferCapacity)
        let transfer = try CurlTransfer(request: request, channel: channel)
        let engine = self.engine
        channel.onResume = { [weak transfer] in if let transfer { engine.resume(transfer) } }
        channel.onCancel = { [weak transfer] in
            if let transfer { engine.abort(transfer, KubeError(kind: .cancelled, message: "\(request.action) was cancelled")) }
        }
        try Task.checkCancellation()
        engine.add(transfer)
        let head = try await withTaskCancellationHandler {
            try await transfer.awaitHead()
        } onCancel: {
            channel.cancel()
        }
        return StreamingResponse(head: head, body: ResponseBody(channel: channel))
    }
}

/// A response whose body is still arriving.
public struct StreamingResponse: Sendable {
    public var head: ResponseHead
    public var body: ResponseBody

    public init(head: ResponseHead, body: ResponseBody) {
        self.head = head
        self.body = body
    }
}

/// The body as an `AsyncSequence` of byte chunks. Dropping every copy of it (and its
/// iterators) or cancelling the consuming task stops the transfer.
public struct ResponseBody: AsyncSequence, Sendable {
    public typealias Element = Data
    private let handle: BodyHandle

    init(channel: BodyChannel) { handle = BodyHandle(channel: channel) }

    /// A body from fixed chunks, for fakes; `error` ends it after the chunks.
    public init(chunks: [Data], error: KubeError? = nil) {
        let channel = BodyChannel(capacity: Int.max)
        for c in chunks { _ = c.withUnsafeBytes { channel.offer($0) } }
        channel.finish(error: error)
        handle = BodyHandle(channel: channel)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: BodyHandle
        public mutating func next() async throws -> Data? { try await handle.channel.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }

    /// Stops the transfer now.
    public func cancel() { handle.channel.cancel() }

    /// Bytes waiting for the consumer (bounded by the transport's capacity).
    public var bufferedBytes: Int { handle.channel.bufferedBytes }

    /// Reads the whole body, failing beyond `limit` bytes.
    public func collect(upTo limit: Int = 16 << 20) async throws -> Data {
        var all = Data()
        for try await chunk in self {
            all.append(chunk)
            if all.count > limit {
                cancel()
                throw KubeError(kind: .decoding, message: "response body larger than \(limit) bytes")
            }
        }
        return all
    }

    /// The body split into lines by `LineFramer` (a final unterminated line included).
    public var lines: LineSequence { LineSequence(body: self) }
}

/// Owns the consumer side; when the last reference goes, the transfer is cancelled.
final class BodyHandle: Sendable {
    let channel: BodyChannel
    init(channel: BodyChannel) { self.channel = channel }
    deinit { channel.cancel() }
}

/// Lines of a `ResponseBody`.
public struct LineSequence: AsyncSequence, Sendable {
    public typealias Element = Data
    let body: ResponseBody

    public struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: ResponseBody.AsyncIterator
        var framer = LineFramer()
        var ready: [Data] = []
        var index = 0
        var ended = false

        public mutating func next() async throws -> Data? {
            while index >= ready.count {
                if ended { return nil }
                index = 0
                if let chunk = try await chunks.next() {
                    ready = framer.push(chunk)
                } else {
                    ended = true
                    ready = framer.finish().map { [$0] } ?? []
                }
            }
            defer { index += 1 }
            return ready[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: body.makeAsyncIterator()) }
}
