import Foundation

/// An API error rendered as a `metav1.Status` body (kubernetes-facts §6; apimachinery
/// pkg/api/errors/errors.go). Messages follow the upstream format strings exactly.
struct APIError: Error, Sendable {
    var code: Int
    var reason: String
    var message: String
    var details: String?  // pre-rendered JSON object for `details`, if any
    var retryAfter: Int?
    var continueToken: String?

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    /// `pods "x" not found` / `deployments.apps "x" not found`.
    static func notFound(_ resource: ResourceInfo, _ name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(resource.qualifiedName) \(JSONBytes.goQuote(name)) not found",
                 details: detailsJSON(name: name, group: resource.group, kind: resource.plural))
    }

    static func alreadyExists(_ resource: ResourceInfo, _ name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists",
                 message: "\(resource.qualifiedName) \(JSONBytes.goQuote(name)) already exists",
                 details: detailsJSON(name: name, group: resource.group, kind: resource.plural))
    }

    /// Optimistic-concurrency failure (source: apiserver pkg/registry/generic/registry/store.go,
    /// `storage.NewResourceVersionConflictsError` message `OptimisticLockErrorMsg`).
    static func conflict(_ resource: ResourceInfo, _ name: String) -> APIError {
        APIError(code: 409, reason: "Conflict",
                 message: "Operation cannot be fulfilled on \(resource.qualifiedName) \(JSONBytes.goQuote(name)): "
                     + "the object has been modified; please apply your changes to the latest version and try again",
                 details: detailsJSON(name: name, group: resource.group, kind: resource.plural))
    }

    static func invalid(kind: String, name: String, field: String, detail: String) -> APIError {
        APIError(code: 422, reason: "Invalid", message: "\(kind) \(JSONBytes.goQuote(name)) is invalid: \(field): \(detail)",
                 details: "{\"name\":\(JSONBytes.quote(name)),\"kind\":\(JSONBytes.quote(kind)),\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":\(JSONBytes.quote(detail)),\"field\":\(JSONBytes.quote(field))}]}")
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    static func internalError(_ cause: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(cause)",
                 details: "{\"causes\":[{\"message\":\(JSONBytes.quote(cause))}]}")
    }

    static func serviceUnavailable(_ message: String) -> APIError {
        APIError(code: 503, reason: "ServiceUnavailable", message: message)
    }

    static func methodNotAllowed() -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")
    }

    /// Expired continue token (source: apiserver pkg/storage/etcd3/errors.go `handleCompactedErrorForPaging`).
    static let continueExpired = APIError(
        code: 410, reason: "Expired",
        message: "The provided continue parameter is too old to display a consistent list result. "
            + "You can start a new list without the continue parameter.")

    static func tooLargeResourceVersion(_ requested: Int, current: Int) -> APIError {
        APIError(code: 504, reason: "Timeout", message: "Too large resource version: \(requested), current: \(current)",
                 details: "{\"causes\":[{\"reason\":\"ResourceVersionTooLarge\",\"message\":\"Too large resource version\"}],\"retryAfterSeconds\":1}",
                 retryAfter: 1)
    }

    static func unsupportedMediaType(_ accepted: [String]) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType",
                 message: "the body of the request was in an unknown format - accepted media types include: "
                     + accepted.joined(separator: ", "))
    }

    static func detailsJSON(name: String?, group: String, kind: String) -> String {
        var parts: [String] = []
        if let name { parts.append("\"name\":\(JSONBytes.quote(name))") }
        if !group.isEmpty { parts.append("\"group\":\(JSONBytes.quote(group))") }
        parts.append("\"kind\":\(JSONBytes.quote(kind))")
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// The Status JSON: `metadata` is always present (kubernetes-facts §1.6).
    var statusJSON: String {
        var meta = "{}"
        if let continueToken { meta = "{\"continue\":\(JSONBytes.quote(continueToken))}" }
        var s = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":\(meta),\"status\":\"Failure\","
        s += "\"message\":\(JSONBytes.quote(message)),\"reason\":\(JSONBytes.quote(reason)),"
        if let details { s += "\"details\":\(details)," }
        return s + "\"code\":\(code)}"
    }
}
