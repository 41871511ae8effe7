import Foundation

/// An API resource (group, version, plural) and how to build its URL paths.
public struct Resource: Hashable, Sendable, CustomStringConvertible {
    /// "" for the core group.
    public var group: String
    public var version: String
    /// Lower-case plural, as in URLs and RBAC rules (`pods`, `leases`).
    public var plural: String
    public var namespaced: Bool

    public init(group: String, version: String, plural: String, namespaced: Bool = true) {
        self.group = group
        self.version = version
        self.plural = plural
        self.namespaced = namespaced
    }

    public static let pods = Resource(group: "", version: "v1", plural: "pods")
    public static let events = Resource(group: "", version: "v1", plural: "events")
    public static let replicaSets = Resource(group: "apps", version: "v1", plural: "replicasets")
    public static let deployments = Resource(group: "apps", version: "v1", plural: "deployments")
    public static let statefulSets = Resource(group: "apps", version: "v1", plural: "statefulsets")
    public static let leases = Resource(group: "coordination.k8s.io", version: "v1", plural: "leases")
    public static let leaderWorkerSets = Resource(group: "leaderworkerset.x-k8s.io", version: "v1",
                                                  plural: "leaderworkersets")

    /// `pods`, or `leases.coordination.k8s.io` — the spelling API messages use.
    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// `/api/v1` for the core group, `/apis/<group>/<version>` otherwise.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// Collection or object path; `namespace` nil means all namespaces (or cluster scope).
    public func path(namespace: String?, name: String? = nil, subresource: String? = nil) -> String {
        var p = groupVersionPath
        if namespaced, let ns = namespace { p += "/namespaces/\(PathEscaping.segment(ns))" }
        p += "/\(plural)"
        if let name { p += "/\(PathEscaping.segment(name))" }
        if let subresource { p += "/\(subresource)" }
        return p
    }
}

/// RFC 3986 percent-encoding for path segments and query components.
enum PathEscaping {
    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    static func segment(_ s: String) -> String { escape(s) }
    static func query(_ s: String) -> String { escape(s) }

    private static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            if unreserved.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}
