import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A webhook endpoint on 127.0.0.1 that records every POST body, and can be told to fail.
final class WebhookReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var _bodies: [Data] = []
    private var _headers: [[String: String]] = []
    private var _failWith: UInt = 0
    private let channel: Channel
    let port: Int

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var bodies: [Data] { lock.withLock { _bodies } }
    var headers: [[String: String]] { lock.withLock { _headers } }
    /// Answer every request with this status (0: 200 and record the body).
    var failWith: UInt {
        get { lock.withLock { _failWith } }
        set { lock.withLock { _failWith = newValue } }
    }

    /// JSON objects received.
    var payloads: [[String: Any]] { bodies.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } }

    private init(channel: Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    static func start() async throws -> WebhookReceiver {
        let box = Box()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { ch in
                ch.pipeline.configureHTTPServerPipeline().flatMap { ch.pipeline.addHandler(Handler(box: box)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let r = WebhookReceiver(channel: channel, port: channel.localAddress!.port!)
        box.receiver = r
        return r
    }

    func stop() async { try? await channel.close() }

    fileprivate func record(_ body: Data, _ headers: [String: String]) -> UInt {
        lock.withLock {
            if _failWith != 0 { return _failWith }
            _bodies.append(body)
            _headers.append(headers)
            return 200
        }
    }

    fileprivate final class Box: @unchecked Sendable { weak var receiver: WebhookReceiver? }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let box: Box
        var body = Data()
        var head: HTTPRequestHead?
        init(box: Box) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h): head = h; body = Data()
            case .body(var b): body.append(contentsOf: b.readBytes(length: b.readableBytes) ?? [])
            case .end:
                var hs: [String: String] = [:]
                if let h = head { for (k, v) in h.headers { hs[k.lowercased()] = v } }
                let status = box.receiver?.record(body, hs) ?? 500
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "2")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: Int(status)), headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: "ok")))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
