import Foundation

/// Builders for every request restartwatch makes; pure functions, tested without a server.
public enum Requests {
    /// Slack added to a watch's `timeoutSeconds` for the client-side total timeout, so the
    /// server (which ends the watch cleanly at `timeoutSeconds`, apiserver `get.go`
    /// `handleWatch`) always finishes first.
    public static let watchTimeoutSlackSeconds: Double = 30

    public static func list(_ resource: Resource, namespace: String?, options: ListOptions) -> APIRequest {
        APIRequest(method: .get, path: resource.path(namespace: namespace), query: options.queryItems(watch: false),
                   action: RequestAction(verb: "list", resource: resource.description, namespace: namespace))
    }

    /// A watch: no total timeout except `timeoutSeconds` + slack; optional idle-stream limit.
    public static func watch(_ resource: Resource, namespace: String?, options: ListOptions,
                             idleTimeoutSeconds: Double? = nil) -> APIRequest {
        let total = options.timeoutSeconds.map { Double($0) + watchTimeoutSlackSeconds }
        return APIRequest(method: .get, path: resource.path(namespace: namespace), query: options.queryItems(watch: true),
                          action: RequestAction(verb: "watch", resource: resource.description, namespace: namespace),
                          totalTimeoutSeconds: total ?? .infinity, idleTimeoutSeconds: idleTimeoutSeconds)
    }

    public static func get(_ resource: Resource, namespace: String?, name: String) -> APIRequest {
        APIRequest(method: .get, path: resource.path(namespace: namespace, name: name),
                   action: RequestAction(verb: "get", resource: resource.description, namespace: namespace, name: name))
    }

    /// Pod logs are `text/plain`; the Accept header is not negotiated (kubernetes-facts §4).
    public static func logs(namespace: String, pod: String, options: LogOptions) -> APIRequest {
        APIRequest(method: .get, path: Resource.pods.path(namespace: namespace, name: pod, subresource: "log"),
                   query: options.queryItems, accept: "*/*",
                   action: RequestAction(verb: "get", resource: "pods/log", namespace: namespace, name: pod))
    }

    public static func create(_ resource: Resource, namespace: String?, name: String?, body: Data) -> APIRequest {
        APIRequest(method: .post, path: resource.path(namespace: namespace), body: body, contentType: "application/json",
                   action: RequestAction(verb: "create", resource: resource.description, namespace: namespace, name: name))
    }

    /// PUT carrying `metadata.resourceVersion`: optimistic concurrency, a stale RV gets 409.
    public static func update(_ resource: Resource, namespace: String?, name: String, body: Data) -> APIRequest {
        APIRequest(method: .put, path: resource.path(namespace: namespace, name: name), body: body,
                   contentType: "application/json",
                   action: RequestAction(verb: "update", resource: resource.description, namespace: namespace, name: name))
    }

    public static func createEvent(_ event: CoreEvent) throws -> APIRequest {
        let ns = event.metadata.namespace ?? event.involvedObject.namespace ?? "default"
        return create(.events, namespace: ns, name: event.metadata.name, body: try JSONEncoder().encode(event))
    }
}
