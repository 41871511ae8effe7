import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A webhook endpoint on 127.0.0.1 that records each POST (body, headers, monotonic arrival time) and
/// can be told to fail. The benchmark times deliveries with it; the end-to-end tests check what arrived.
final class HookReceiver: @unchecked Sendable {
    struct Delivery {
        var at: ContinuousClock.Instant
        /// Wall-clock seconds at arrival (to compare with times other processes wrote).
        var wallAt: Double
        var body: Data
        /// Header names in lower case.
        var headers: [String: String]
    }

    private let lock = NSLock()
    private var received: [Delivery] = []
    private var failStatus: UInt = 0
    private let channel: Channel
    let port: Int
    var url: String { "http://127.0.0.1:\(port)/hook" }

    private init(channel: Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    var deliveries: [Delivery] { lock.withLock { received } }
    var arrivals: [(at: ContinuousClock.Instant, body: Data)] { deliveries.map { ($0.at, $0.body) } }
    var bodies: [Data] { deliveries.map(\.body) }
    var headers: [[String: String]] { deliveries.map(\.headers) }
    /// The JSON objects received.
    var payloads: [[String: Any]] { bodies.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } }

    /// Answer every request with this status without recording it (0: 200 and record).
    var failWith: UInt {
        get { lock.withLock { failStatus } }
        set { lock.withLock { failStatus = newValue } }
    }

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

    fileprivate func record(_ body: Data, _ headers: [String: String]) -> UInt {
        let now = ContinuousClock.now, wall = Date().timeIntervalSince1970
        return lock.withLock {
            if failStatus != 0 { return failStatus }
            received.append(Delivery(at: now, wallAt: wall, body: body, headers: headers))
            return 200
        }
    }

    fileprivate final class Box: @unchecked Sendable { weak var receiver: HookReceiver? }

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
                var headers: [String: String] = [:]
                if let h = head { for (k, v) in h.headers { headers[k.lowercased()] = v } }
                let status = box.receiver?.record(body, headers) ?? 500
                var out = HTTPHeaders()
                out.add(name: "Content-Length", value: "2")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: Int(status)), headers: out))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: "ok")))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
