import Foundation
import Logging
import Testing
@testable import KubeClient

/// An HTTP transport that answers from a script, recording requests.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var replies: [(Int, [String: String], [Data])]
    private(set) var sent: [TransportRequest] = []

    init(_ replies: [(Int, [String: String], [Data])]) { self.replies = replies }

    func send(_ request: TransportRequest) async throws -> StreamingResponse {
        let (status, headers, chunks) = lock.withLock { () -> (Int, [String: String], [Data]) in
            sent.append(request)
            return replies.removeFirst()
        }
        return StreamingResponse(head: ResponseHead(status: status, headers: headers, httpVersion: 2),
                                 body: ResponseBody(chunks: chunks))
    }
}

/// Captures log lines in memory.
final class MemoryLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.withLock { lines.append(s) } }
    var all: [String] { lock.withLock { lines } }

    var logger: Logger {
        Logger(label: "memory") { _ in MemoryLogHandler(log: self) }
    }
}

struct MemoryLogHandler: LogHandler {
    let log: MemoryLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        log.append("\(event.level) \(event.message) \(merged)")
    }
}

@Suite struct FakeTransportTests {
    static func client(_ transport: ScriptedTransport, logger: Logger = Logger(label: "t")) -> CurlKubeAPI {
        let config = ClientConfig(server: "https://api.example:6443", origin: "test", userDescription: "u")
        return CurlKubeAPI(http: KubeHTTPClient(config: config, credentials: StaticCredentialProvider(token: Secret("s3cr3t-token")),
                                                transport: transport, logger: logger))
    }

    @Test func malformedWatchLineIsCountedLoggedWithoutContentAndSkipped() async throws {
        let good1 = #"{"type":"ADDED","object":{"metadata":{"name":"a","namespace":"ml","resourceVersion":"5"}}}"#
        let bad = #"{"type":"MODIFIED","object":{"metadata":{"name":"a","annotations":{"token":"s3cr3t-token"#
        let good2 = #"{"type":"DELETED","object":{"metadata":{"name":"a","namespace":"ml","resourceVersion":"6"}}}"#
        let body = Data((good1 + "\n" + bad + "\n" + good2 + "\n").utf8)
        let transport = ScriptedTransport([(200, [:], [body.prefix(40), body.dropFirst(40)])])
        let memory = MemoryLog()
        let client = Self.client(transport, logger: memory.logger)
        let stream = try await client.watch(.pods, namespace: "ml", options: ListOptions(resourceVersion: "4"), as: KubeJSON.self)
        var rvs: [String] = []
        for try await event in stream {
            switch event {
            case .added(let o), .deleted(let o), .modified(let o): rvs.append(o.header.resourceVersion ?? "")
            default: break
            }
        }
        #expect(rvs == ["5", "6"])
        #expect(client.malformedWatchLines == 1)
        #expect(memory.all.count == 1 && memory.all[0].contains("malformed"))
        #expect(!memory.all.joined().contains("s3cr3t"))
        // The bearer token travels in the transport request, never in the URL.
        #expect(transport.sent.allSatisfy { !$0.url.contains("s3cr3t") && $0.bearerToken == Secret("s3cr3t-token") })
        #expect(!"\(transport.sent[0])".contains("s3cr3t"))
    }

    @Test func listAllRestartsAfterAnExpiredContinueToken() async throws {
        func page(_ names: [String], cont: String?, rv: String) -> Data {
            let items = names.map { #"{"metadata":{"name":"\#($0)","namespace":"ml"}}"# }.joined(separator: ",")
            return Data(#"{"metadata":{"resourceVersion":"\#(rv)"\#(cont.map { ",\"continue\":\"\($0)\"" } ?? "")},"items":[\#(items)]}"#.utf8)
        }
        let expired = Data(#"{"kind":"Status","code":410,"reason":"Expired","message":"The provided continue parameter is too old"}"#.utf8)
        let transport = ScriptedTransport([
            (200, [:], [page(["a", "b"], cont: "c1", rv: "10")]),
            (410, [:], [expired]),
            (200, [:], [page(["a", "b"], cont: "c2", rv: "12")]),
            (200, [:], [page(["c"], cont: nil, rv: "12")]),
        ])
        let client = Self.client(transport)
        var log: [String] = []
        let rv = try await client.listAll(.pods, namespace: "ml", options: ListOptions(resourceVersion: "0"), pageSize: 2,
                                          as: KubeJSON.self) { chunk in
            switch chunk {
            case .page(let items): log.append(items.map(\.header.name).joined(separator: ","))
            case .restarted: log.append("restart")
            }
        }
        #expect(rv == "12")
        #expect(log == ["a,b", "restart", "a,b", "c"])
        let queries = transport.sent.map { String($0.url.split(separator: "?").last ?? "") }
        #expect(queries == ["resourceVersion=0&limit=2", "limit=2&continue=c1", "limit=2", "limit=2&continue=c2"])
    }

    @Test func retryAfterOn5xxAndServerDateAreExposed() async throws {
        let status = Data(#"{"kind":"Status","code":503,"reason":"ServiceUnavailable","message":"etcd leader changed"}"#.utf8)
        let transport = ScriptedTransport([(503, ["retry-after": "3", "date": "Sun, 01 Jun 2025 10:05:02 GMT"], [status])])
        let client = Self.client(transport)
        do {
            _ = try await client.get(.deployments, namespace: "ml", name: "llama", as: KubeJSON.self)
            Issue.record("expected 503")
        } catch let e as KubeError {
            #expect(e.kind == .serverError && e.retryAfterSeconds == 3)
            #expect(e.message.contains(#"get deployments.apps "llama" in namespace "ml""#) && e.message.contains("etcd leader changed"))
        }
        #expect(client.lastServerDate == Date(timeIntervalSince1970: 1_748_772_302))
        #expect(client.requestCounts == ["GET /apis/apps/v1/namespaces/ml/deployments/llama": 1])
    }
}
