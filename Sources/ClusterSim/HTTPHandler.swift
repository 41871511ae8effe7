import Foundation
import NIOCore
import NIOHTTP1

/// Per-connection HTTP handler: authentication, request-level faults, routing, response writing.
final class HTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: SimCore
    private var head: HTTPRequestHead?
    private var body = Data()
    private var watch: WatchStream?

    init(core: SimCore) { self.core = core }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = Data()
            // libcurl sends `Expect: 100-continue` for bodies over 1 KiB and waits ~1 s without it.
            if h.headers.first(name: "Expect")?.lowercased() == "100-continue" {
                let cont = HTTPResponseHead(version: h.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(cont)), promise: nil)
            }
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let h = head else { return }
            head = nil
            handle(context, h, SimRequest(head: h, body: body))
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        watch?.pump()
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        watch?.cancel()
        watch = nil
        context.fireChannelInactive()
    }

    private func handle(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ req: SimRequest) {
        let identity: Identity?
        do {
            identity = try core.authenticate(req)
        } catch {
            return send(context, head, req, user: nil, reply: .error(.unauthorized))
        }
        let kind = SimCore.kind(req, ResourcePath(req.path, registry: core.registry))
        switch core.takeRequestFault(kind) {
        case .stall(let seconds):
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
                self.dispatch(context, head, req, identity)
            }
            return
        case .tooManyRequests(let retryAfter):
            // APF rejection: plain text, Retry-After (source: apiserver filters/priority-and-fairness.go).
            let reply = Reply.full(status: 429, contentType: "text/plain; charset=utf-8",
                                   body: Data("Too many requests, please try again later.\n".utf8),
                                   headers: [("Retry-After", "\(retryAfter)"),
                                             ("X-Kubernetes-PF-FlowSchema-UID", "clustersim-flowschema"),
                                             ("X-Kubernetes-PF-PriorityLevel-UID", "clustersim-prioritylevel")])
            return send(context, head, req, user: identity?.user, reply: reply)
        case .storageInitializing(let retryAfter):
            // Cacher not ready (source: apiserver pkg/storage/cacher/cacher.go `Cacher.Watch`, ready.go).
            let e = APIError(code: 429, reason: "TooManyRequests", message: "storage is (re)initializing",
                             details: "{\"retryAfterSeconds\":\(retryAfter)}", retryAfter: retryAfter)
            return send(context, head, req, user: identity?.user, reply: .error(e))
        case .serverError(let code, let retryAfter):
            var e = code == 503 ? APIError.serviceUnavailable("the server is currently unable to handle the request")
                : APIError.internalError("injected fault")
            e.code = code
            e.retryAfter = retryAfter
            return send(context, head, req, user: identity?.user, reply: .error(e))
        case .gone:
            let e = APIError(code: 410, reason: "Expired", message: "The resourceVersion for the provided watch is too old.")
            return send(context, head, req, user: identity?.user, reply: .error(e))
        case nil:
            dispatch(context, head, req, identity)
        }
    }

    private func dispatch(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ req: SimRequest, _ identity: Identity?) {
        let host = req.headers.first(name: "Host") ?? "127.0.0.1"
        send(context, head, req, user: identity?.user, reply: core.route(req, identity: identity, host: host))
    }

    private func send(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ req: SimRequest, user: String?, reply: Reply) {
        core.log(ClusterSim.RequestRecord(method: req.method, path: req.path, query: req.query, user: user,
                                          status: reply.status, isWatch: { if case .watch = reply { true } else { false } }(),
                                          contentType: req.contentType, body: req.body.isEmpty ? nil : req.body,
                                          accept: req.headers.first(name: "Accept"),
                                          userAgent: req.headers.first(name: "User-Agent"),
                                          sentAuthorization: req.headers.contains(name: "Authorization"),
                                          httpVersion: "\(head.version)"))
        let keepAlive = head.isKeepAlive
        var headers = HTTPHeaders()
        headers.add(name: "Audit-Id", value: UUID().uuidString.lowercased())
        headers.add(name: "Cache-Control", value: "no-cache, private")
        // restartwatch reads the server's Date as "now": it is simulated time.
        headers.add(name: "Date", value: TimeFormat.httpDate(core.now))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        switch reply {
        case .full(let status, let ct, let data, let extra):
            headers.add(name: "Content-Type", value: ct)
            headers.add(name: "Content-Length", value: "\(data.count)")
            for (k, v) in extra { headers.add(name: k, value: v) }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: status),
                                                                  headers: headers))), promise: nil)
            if head.method != .HEAD {
                var buffer = context.channel.allocator.buffer(capacity: data.count)
                buffer.writeBytes(data)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            }
            end(context, keepAlive)
        case .noContent:
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .noContent,
                                                                  headers: headers))), promise: nil)
            end(context, keepAlive)
        case .watch(let plan):
            // Watch: 200, application/json, chunked, headers flushed before the first event (kubernetes-facts §1.2).
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Transfer-Encoding", value: "chunked")
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok,
                                                                          headers: headers))), promise: nil)
            let stream = WatchStream(core: core, plan: plan, context: context) { [weak self] in
                self?.watch = nil
                if !keepAlive { context.close(promise: nil) }
            }
            watch = stream
            stream.start()
        }
    }

    private func end(_ context: ChannelHandlerContext, _ keepAlive: Bool) {
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}

extension SimCore {
    func log(_ record: ClusterSim.RequestRecord) {
        state.withLock { $0.requests.append(record) }
    }
}
