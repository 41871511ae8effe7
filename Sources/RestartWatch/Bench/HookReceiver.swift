import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A webhook endpoint on 127.0.0.1 that records each POST body with its arrival time (monotonic).
final class HookReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [(at: ContinuousClock.Instant, body: Data)] = []
    private let channel: Channel
    let url: String

    private init(channel: Channel, port: Int) {
        self.channel = channel
        url = "http://127.0.0.1:\(port)/hook"
    }

    var arrivals: [(at: ContinuousClock.Instant, body: Data)] { lock.withLock { received } }

    static func start() async throws -> HookReceiver {
        let box = Box()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { ch in
                ch.pipeline.configureHTTPServerPipeline().flatMap { ch.pipeline.addHandler(Handler(box: box)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw BenchError("webhook receiver has no port") }
        let r = HookReceiver(channel: channel, port: port)
        box.receiver = r
        return r
    }

    func stop() async { try? await channel.close() }

    fileprivate func record(_ body: Data) {
        let now = ContinuousClock.now
        lock.withLock { received.append((now, body)) }
    }

    fileprivate final class Box: @unchecked Sendable { weak var receiver: HookReceiver? }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let box: Box
        var body = Data()
        init(box: Box) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: body = Data()
            case .body(var b): body.append(contentsOf: b.readBytes(length: b.readableBytes) ?? [])
            case .end:
                box.receiver?.record(body)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "2")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: "ok")))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
