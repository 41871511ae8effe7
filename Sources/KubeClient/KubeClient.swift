/// Kubernetes API client over libcurl (issue #2).
///
/// Layers, bottom up:
/// - `Transport/`: `CurlEngine` (one multi handle on one dedicated thread), `CurlTransport`
///   (`HTTPTransport`), bounded `ResponseBody` streams, `LineFramer`.
/// - `Request/`: `Resource`, `ListOptions`, `LogOptions`, `Requests` — pure request values.
/// - `API/`: `KubeHTTPClient` (credentials, 401 retry, error mapping, request counts, server
///   `Date`), the `KubeAPI` protocol and `CurlKubeAPI`, `listAll`.
/// - `Watch/`: `ReflectorMachine` (pure list-then-watch state machine), `Reflector` (driver),
///   `Backoff`, `ObjectStore`.
/// - `Model/`, `Errors/`: minimal Codable API types, `KubeError` values.
public enum KubeClientInfo { public static let name = "KubeClient" }
