import Foundation

/// metav1.Status: the body of every API error and of watch ERROR events
/// (apimachinery `pkg/apis/meta/v1/types.go` `Status`).
public struct Status: Codable, Hashable, Sendable {
    public var kind: String?
    public var apiVersion: String?
    public var metadata: ListMeta?
    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    /// A `StatusReason` such as `Expired`, `Forbidden`, `TooManyRequests`.
    public var reason: String?
    public var details: StatusDetails?
    public var code: Int?

    public init(kind: String? = "Status", apiVersion: String? = "v1", metadata: ListMeta? = nil,
                status: String? = "Failure", message: String? = nil, reason: String? = nil,
                details: StatusDetails? = nil, code: Int? = nil) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.metadata = metadata
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }

    /// 410 Expired, or the pre-1.18 `Gone` reason (client-go `reflector.go` `isExpiredError`).
    public var isExpired: Bool { code == 410 || reason == "Expired" || reason == "Gone" }

    /// "Too large resource version" (504 Timeout with cause `ResourceVersionTooLarge`,
    /// apiserver `pkg/storage/errors.go`); client-go relists with RV "" as for 410.
    public var isTooLargeResourceVersion: Bool {
        details?.causes?.contains { $0.reason == "ResourceVersionTooLarge" } ?? false
    }
}

/// metav1.StatusDetails. `kind` holds the resource (e.g. `pods`) for NotFound/Forbidden.
public struct StatusDetails: Codable, Hashable, Sendable {
    public var name: String?
    public var group: String?
    public var kind: String?
    public var uid: String?
    public var causes: [StatusCause]?
    public var retryAfterSeconds: Int?

    public init(name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
                causes: [StatusCause]? = nil, retryAfterSeconds: Int? = nil) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// metav1.StatusCause.
public struct StatusCause: Codable, Hashable, Sendable {
    public var reason: String?
    public var message: String?
    public var field: String?

    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
