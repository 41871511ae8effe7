import Foundation

/// One HTTP request to the API server as a plain value: no I/O, no credentials.
public struct APIRequest: Sendable, Equatable {
    public enum Method: String, Sendable { case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE" }

    public var method: Method
    public var path: String
    public var query: [QueryItem]
    public var body: Data?
    public var contentType: String?
    public var accept: String
    /// What the request does, for error messages: verb + resource + namespace + name.
    public var action: RequestAction
    /// Watches and followed logs: no total timeout beyond this (seconds); nil = the default.
    public var totalTimeoutSeconds: Double?
    /// Abort a stream that delivers no byte for this long (seconds).
    public var idleTimeoutSeconds: Double?

    public init(method: Method, path: String, query: [(String, String)] = [], body: Data? = nil,
                contentType: String? = nil, accept: String = "application/json", action: RequestAction,
                totalTimeoutSeconds: Double? = nil, idleTimeoutSeconds: Double? = nil) {
        self.method = method
        self.path = path
        self.query = query.map { QueryItem(name: $0.0, value: $0.1) }
        self.body = body
        self.contentType = contentType
        self.accept = accept
        self.action = action
        self.totalTimeoutSeconds = totalTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    /// `path?k=v&…`, percent-encoded.
    public var pathAndQuery: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(PathEscaping.query($0.name))=\(PathEscaping.query($0.value))" }
            .joined(separator: "&")
    }

    /// Full URL on `server` (which may carry a path prefix, e.g. behind a proxy).
    public func url(server: String) -> String {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        return base + pathAndQuery
    }
}

/// A query parameter.
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String
}

/// The Kubernetes verb and target of a request, used to say what was refused.
public struct RequestAction: Sendable, Hashable, CustomStringConvertible {
    /// RBAC verb: get, list, watch, create, update, patch, delete.
    public var verb: String
    /// `pods`, `pods/log`, `leases.coordination.k8s.io`.
    public var resource: String
    public var namespace: String?
    public var name: String?

    public init(verb: String, resource: String, namespace: String? = nil, name: String? = nil) {
        self.verb = verb
        self.resource = resource
        self.namespace = namespace
        self.name = name
    }

    /// e.g. `list pods in namespace "ml"`, `get pods/log "x" in namespace "ml"`, `watch pods in all namespaces`.
    public var description: String {
        var s = "\(verb) \(resource)"
        if let name { s += " \"\(name)\"" }
        if let namespace { s += " in namespace \"\(namespace)\"" } else if name == nil { s += " in all namespaces" }
        return s
    }
}
