import CCurl
import Foundation

/// One-shot HTTPS POST over libcurl for notifiers (webhooks, Slack). Runs on its own thread so it
/// never blocks the Swift concurrency pool; TLS verification stays on. The URL is a secret (a Slack
/// webhook URL is a credential): errors describe the host only.
public enum HTTPPost {
    public struct Response: Sendable {
        public var status: Int
        public var body: String
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var host: String
        public var detail: String
        public var description: String { "POST to \(host) failed: \(detail)" }
    }

    /// POSTs `body` with the given headers; returns the HTTP status and (at most 64 KiB of) the response body.
    public static func send(url: Secret, body: Data, headers: [String: String] = [:],
                            timeoutSeconds: Double = 10) async throws -> Response {
        _ = CurlGlobal.initialized
        let host = URL(string: url.value)?.host ?? "<invalid url>"
        return try await withCheckedThrowingContinuation { (k: CheckedContinuation<Response, Error>) in
            let thread = Thread {
                k.resume(with: perform(url: url.value, host: host, body: body, headers: headers, timeout: timeoutSeconds))
            }
            thread.name = "restartwatch-http-post"
            thread.start()
        }
    }

    private final class Sink {
        var data = Data()
    }

    private static func perform(url: String, host: String, body: Data, headers: [String: String],
                                timeout: Double) -> Result<Response, Error> {
        guard let h = curl_easy_init() else { return .failure(Failure(host: host, detail: "curl_easy_init failed")) }
        defer { curl_easy_cleanup(h) }
        var list: UnsafeMutablePointer<curl_slist>?
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { list = curl_slist_append(list, "\(k): \(v)") }
        list = curl_slist_append(list, "Content-Type: application/json")
        defer { curl_slist_free_all(list) }
        let sink = Sink()
        let errbuf = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errbuf.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errbuf.deallocate() }
        _ = ccurl_setopt_string(h, CURLOPT_URL, url)
        _ = ccurl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(h, CURLOPT_POST, 1)
        _ = ccurl_setopt_long(h, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        _ = ccurl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 10) * 1000))
        _ = ccurl_setopt_string(h, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_setopt_slist(h, CURLOPT_HTTPHEADER, list)
        _ = ccurl_setopt_string(h, CURLOPT_USERAGENT, "restartwatch")
        _ = ccurl_setopt_ptr(h, CURLOPT_ERRORBUFFER, errbuf)
        _ = ccurl_setopt_ptr(h, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
        _ = ccurl_setopt_writefn(h) { ptr, size, n, ctx in
            let sink = Unmanaged<Sink>.fromOpaque(ctx!).takeUnretainedValue()
            let count = size * n
            if sink.data.count < 65536, let ptr { sink.data.append(UnsafeRawPointer(ptr).assumingMemoryBound(to: UInt8.self), count: min(count, 65536 - sink.data.count)) }
            return count
        }
        let rc: CURLcode = body.withUnsafeBytes { raw in
            _ = ccurl_setopt_off(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(raw.count))
            _ = ccurl_setopt_ptr(h, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
            return curl_easy_perform(h)
        }
        guard rc == CURLE_OK else {
            var detail = String(cString: errbuf)
            if detail.isEmpty { detail = String(cString: curl_easy_strerror(rc)) }
            // libcurl's messages can quote the URL; never let a secret URL through.
            detail = detail.replacingOccurrences(of: url, with: "<url>")
            return .failure(Failure(host: host, detail: "\(detail) (curl error \(rc.rawValue))"))
        }
        var status = 0
        _ = ccurl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        return .success(Response(status: status, body: String(decoding: sink.data, as: UTF8.self)))
    }
}
