import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `/metrics` (Prometheus text), `/healthz` (the process is alive) and `/readyz` (the first complete
/// sync is done and, with leader election, this replica is leading or standing by healthily).
final class OpsServer: Sendable {
    private let channel: Channel
    private let group: MultiThreadedEventLoopGroup
    let port: Int

    struct Probes: Sendable {
        var metrics: @Sendable () -> String
        var healthy: @Sendable () -> Bool
        var ready: @Sendable () -> Bool
    }

    private init(channel: Channel, group: MultiThreadedEventLoopGroup, port: Int) {
        self.channel = channel
        self.group = group
        self.port = port
    }

    static func start(host: String, port: Int, probes: Probes) async throws -> OpsServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(OpsHandler(probes: probes))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            return OpsServer(channel: channel, group: group, port: channel.localAddress?.port ?? port)
        } catch {
            try? await group.shutdownGracefully()
            throw ConfigError(file: "metricsAddress", keyPath: "\(host):\(port)", problem: "cannot listen: \(error)")
        }
    }

    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

private final class OpsHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let probes: OpsServer.Probes

    init(probes: OpsServer.Probes) { self.probes = probes }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        let (status, type, body): (HTTPResponseStatus, String, String)
        switch (head.method, path) {
        case (.GET, "/metrics"): (status, type, body) = (.ok, "text/plain; version=0.0.4; charset=utf-8", probes.metrics())
        case (.GET, "/healthz"): (status, type, body) = probes.healthy() ? (.ok, "text/plain", "ok\n") : (.serviceUnavailable, "text/plain", "unhealthy\n")
        case (.GET, "/readyz"): (status, type, body) = probes.ready() ? (.ok, "text/plain", "ok\n") : (.serviceUnavailable, "text/plain", "not ready\n")
        case (.GET, _): (status, type, body) = (.notFound, "text/plain", "not found\n")
        default: (status, type, body) = (.methodNotAllowed, "text/plain", "method not allowed\n")
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
