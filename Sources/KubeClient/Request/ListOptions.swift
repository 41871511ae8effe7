import Foundation

/// metav1.ListOptions as query parameters (kubernetes-facts §1.1), for LIST and WATCH.
public struct ListOptions: Hashable, Sendable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// nil = not sent. "0" = any cached state; "" is never sent (same as nil to the server).
    public var resourceVersion: String?
    public var resourceVersionMatch: String?
    public var limit: Int?
    public var continueToken: String?
    public var timeoutSeconds: Int?
    public var allowWatchBookmarks: Bool

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
                resourceVersionMatch: String? = nil, limit: Int? = nil, continueToken: String? = nil,
                timeoutSeconds: Int? = nil, allowWatchBookmarks: Bool = false) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.limit = limit
        self.continueToken = continueToken
        self.timeoutSeconds = timeoutSeconds
        self.allowWatchBookmarks = allowWatchBookmarks
    }

    /// Query items for a LIST (`watch: false`) or WATCH (`watch: true`), in a fixed order.
    /// Why `limit`/`continue` are dropped for watches: they are LIST-only (apimachinery
    /// `ListOptions`); `allowWatchBookmarks` is dropped for lists for the same reason.
    public func queryItems(watch: Bool) -> [(String, String)] {
        var q: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { q.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { q.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion, !resourceVersion.isEmpty { q.append(("resourceVersion", resourceVersion)) }
        if let resourceVersionMatch { q.append(("resourceVersionMatch", resourceVersionMatch)) }
        if !watch {
            if let limit, limit > 0 { q.append(("limit", String(limit))) }
            if let continueToken, !continueToken.isEmpty { q.append(("continue", continueToken)) }
        }
        if let timeoutSeconds { q.append(("timeoutSeconds", String(timeoutSeconds))) }
        if watch {
            if allowWatchBookmarks { q.append(("allowWatchBookmarks", "true")) }
            q.append(("watch", "true"))
        }
        return q
    }
}

/// core/v1 PodLogOptions (kubernetes-facts §4).
public struct LogOptions: Hashable, Sendable {
    public var container: String?
    public var previous: Bool
    /// Must be ≥ 0.
    public var tailLines: Int?
    /// Must be > 0; the server may cut mid-line.
    public var limitBytes: Int?
    /// Must be ≥ 1.
    public var sinceSeconds: Int?
    public var timestamps: Bool

    public init(container: String? = nil, previous: Bool = false, tailLines: Int? = nil, limitBytes: Int? = nil,
                sinceSeconds: Int? = nil, timestamps: Bool = false) {
        self.container = container
        self.previous = previous
        self.tailLines = tailLines
        self.limitBytes = limitBytes
        self.sinceSeconds = sinceSeconds
        self.timestamps = timestamps
    }

    public var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if let container { q.append(("container", container)) }
        if previous { q.append(("previous", "true")) }
        if let tailLines { q.append(("tailLines", String(max(0, tailLines)))) }
        if let limitBytes { q.append(("limitBytes", String(max(1, limitBytes)))) }
        if let sinceSeconds { q.append(("sinceSeconds", String(max(1, sinceSeconds)))) }
        if timestamps { q.append(("timestamps", "true")) }
        return q
    }
}
