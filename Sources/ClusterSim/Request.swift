import Foundation
import NIOHTTP1

/// A fully received HTTP request.
struct SimRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var headers: HTTPHeaders
    var body: Data

    init(head: HTTPRequestHead, body: Data) {
        method = head.method.rawValue
        headers = head.headers
        self.body = body
        let uri = head.uri
        if let q = uri.firstIndex(of: "?") {
            path = String(uri[..<q])
            query = Self.parseQuery(String(uri[uri.index(after: q)...]))
        } else {
            path = uri
            query = [:]
        }
        path = path.removingPercentEncoding ?? path
    }

    static func parseQuery(_ raw: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(String(parts[0]))
            let value = parts.count > 1 ? decode(String(parts[1])) : ""
            if result[key] == nil { result[key] = value }
        }
        return result
    }

    private static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }

    /// `watch` is false only when absent, `0` or `false` (any case); anything else, even empty, is
    /// true (source: apimachinery pkg/runtime/conversion.go `Convert_Slice_string_To_bool`).
    var isWatch: Bool {
        guard let v = query["watch"] else { return false }
        return !(v == "0" || v.lowercased() == "false")
    }

    var contentType: String? { headers.first(name: "content-type") }
}

/// A parsed resource URL: `/api/v1/namespaces/ns/pods/name/log`.
struct ResourcePath: Sendable {
    var resource: ResourceInfo
    var namespace: String?
    var name: String?
    var subresource: String?

    /// nil when the path is not a resource path we serve.
    init?(_ path: String, registry: ResourceRegistry) {
        let seg = path.split(separator: "/").map(String.init)
        let group: String, version: String, rest: ArraySlice<String>
        if seg.count >= 3, seg[0] == "api" {
            (group, version, rest) = ("", seg[1], seg[2...])
        } else if seg.count >= 4, seg[0] == "apis" {
            (group, version, rest) = (seg[1], seg[2], seg[3...])
        } else {
            return nil
        }
        var r = Array(rest)
        // `/namespaces/{ns}/{plural}...` is namespaced; `/namespaces[/{name}]` is the Namespace resource.
        if r.count >= 3, r[0] == "namespaces" {
            namespace = r[1]
            r = Array(r[2...])
        }
        guard let info = registry.lookup(group: group, version: version, plural: r[0]) else { return nil }
        if namespace != nil, !info.namespaced { return nil }
        resource = info
        name = r.count > 1 ? r[1] : nil
        subresource = r.count > 2 ? r[2] : nil
        if r.count > 3 { return nil }
    }
}

/// What the server answers.
enum Reply: Sendable {
    case full(status: Int, contentType: String, body: Data, headers: [(String, String)])
    case noContent
    case watch(WatchPlan)

    static func json(_ status: Int, _ body: Data) -> Reply {
        .full(status: status, contentType: "application/json", body: body, headers: [])
    }

    static func error(_ e: APIError) -> Reply {
        var headers: [(String, String)] = []
        if let r = e.retryAfter { headers.append(("Retry-After", "\(r)")) }
        return .full(status: e.code, contentType: "application/json", body: Data(e.statusJSON.utf8), headers: headers)
    }

    /// Unknown API paths (e.g. a CRD that is not installed): JSON NotFound without a name
    /// (source: apiserver pkg/endpoints/handlers/responsewriters `NotFoundHandler` → `NewGenericServerResponse`).
    static let unknownResource = Reply.error(APIError(code: 404, reason: "NotFound",
                                                      message: "the server could not find the requested resource",
                                                      details: "{}"))

    /// Go's mux answer for unknown non-API paths.
    static let notFoundPage = Reply.full(status: 404, contentType: "text/plain; charset=utf-8",
                                         body: Data("404 page not found\n".utf8), headers: [])

    var status: Int {
        switch self {
        case .full(let status, _, _, _): return status
        case .noContent: return 204
        case .watch: return 200
        }
    }
}
