import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A parsed HTTP/1.1 response read to EOF, with chunk boundaries preserved.
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: Data
    var chunks: [Data]
    /// For chunked bodies: the terminating zero-length chunk arrived.
    var complete: Bool

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
    /// Newline-delimited JSON objects of a watch body.
    var lines: [[String: Any]] {
        text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }
}

/// A tiny blocking HTTP/1.1 client on POSIX sockets (runs on its own thread), so tests see the
/// exact bytes and chunk boundaries ClusterSim writes.
enum RawHTTP {
    struct Failure: Error { var message: String }

    static func request(port: Int, _ target: String, method: String = "GET", headers: [String: String] = [:],
                        body: Data? = nil, timeout: Int = 20) async throws -> RawResponse {
        try await withCheckedThrowingContinuation { cont in
            Thread.detachNewThread {
                cont.resume(with: Result { try blocking(port: port, method, target, headers, body, timeout) })
            }
        }
    }

    private static func blocking(port: Int, _ method: String, _ target: String, _ headers: [String: String],
                                 _ body: Data?, _ timeout: Int) throws -> RawResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket") }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw Failure(message: "connect failed") }
        var req = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nAccept: application/json\r\n"
        for (k, v) in headers { req += "\(k): \(v)\r\n" }
        if let body { req += "Content-Length: \(body.count)\r\n" }
        var out = Data((req + "\r\n").utf8)
        if let body { out.append(body) }
        _ = out.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var raw = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            buf.withUnsafeBufferPointer { raw.append(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
        return try parse(raw)
    }

    static func parse(_ raw: Data) throws -> RawResponse {
        let bytes = [UInt8](raw)
        guard let split = find(bytes, [13, 10, 13, 10], from: 0) else { throw Failure(message: "no header end") }
        let headText = String(decoding: bytes[0..<split], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        let headers = lines.compactMap { line -> (String, String)? in
            guard let c = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<c]), line[line.index(after: c)...].trimmingCharacters(in: .whitespaces))
        }
        let rest = Array(bytes[(split + 4)...])
        let chunked = headers.contains { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }
        guard chunked else { return RawResponse(status: status, headers: headers, body: Data(rest), chunks: [], complete: true) }
        var chunks: [Data] = []
        var body = Data()
        var complete = false
        var pos = 0
        while let lineEnd = find(rest, [13, 10], from: pos) {
            let sizeText = String(decoding: rest[pos..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16) else { break }
            if size == 0 { complete = true; break }
            guard rest.count >= lineEnd + 2 + size + 2 else { body.append(contentsOf: rest[(lineEnd + 2)...]); break }
            let chunk = Data(rest[(lineEnd + 2)..<(lineEnd + 2 + size)])
            chunks.append(chunk)
            body.append(chunk)
            pos = lineEnd + 4 + size
        }
        return RawResponse(status: status, headers: headers, body: body, chunks: chunks, complete: complete)
    }

    private static func find(_ b: [UInt8], _ pattern: [UInt8], from: Int) -> Int? {
        guard b.count >= pattern.count else { return nil }
        var i = from
        while i <= b.count - pattern.count {
            if b[i] == pattern[0], pattern.indices.allSatisfy({ b[i + $0] == pattern[$0] }) { return i }
            i += 1
        }
        return nil
    }
}

/// Builders for test objects.
enum Fixtures {
    static func pod(_ name: String, namespace: String = "ml", labels: [String: String] = ["app": "llama"],
                    containers: [String] = ["vllm"], phase: String = "Running", node: String? = "gpu-node-1") -> Data {
        var spec: [String: Any] = ["containers": containers.map { ["name": $0, "image": "vllm/vllm-openai:v0.8.5"] }]
        if let node { spec["nodeName"] = node }
        let obj: [String: Any] = ["kind": "Pod", "apiVersion": "v1",
                                  "metadata": ["name": name, "namespace": namespace, "labels": labels],
                                  "spec": spec, "status": ["phase": phase]]
        return try! JSONSerialization.data(withJSONObject: obj)
    }

    static func object(_ data: Data) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    static func rv(_ obj: [String: Any]) -> String? {
        (obj["metadata"] as? [String: Any])?["resourceVersion"] as? String
    }
}
