import Foundation

/// The resourceVersion decisions of client-go's Reflector, one small function each
/// (client-go `tools/cache/reflector.go`).
public enum ResourceVersionRules {
    /// Page size of the initial list (client-go `tools/pager` `defaultPageSize`).
    public static let defaultPageSize = 500

    /// RV for a (re)list.
    /// Why: the first list uses "0" so the watch cache answers without touching etcd; later
    /// relists use the last seen RV ("not older than" semantics, still cache-served); after the
    /// server said that RV is expired or too large, "" asks for a consistent read from etcd
    /// (client-go `Reflector.relistResourceVersion`).
    public static func relistResourceVersion(lastSynced: String, lastSyncedUnavailable: Bool) -> String {
        if lastSyncedUnavailable { return "" }
        if lastSynced.isEmpty { return "0" }
        return lastSynced
    }

    /// Page size for a list at `resourceVersion`, nil = unpaginated.
    /// Why: an exact/not-older-than RV other than "0" is only served from the watch cache when
    /// `limit` is unset, so client-go drops paging there unless the server already showed it
    /// paginates this resource (client-go `Reflector.list`, the `pager.PageSize = 0` switch).
    public static func pageSize(forResourceVersion rv: String, serverPaginated: Bool, pageSize: Int) -> Int? {
        if serverPaginated || rv.isEmpty || rv == "0" { return pageSize }
        return nil
    }

    /// RV to resume a watch from after it ended cleanly or the connection dropped.
    /// Why: events up to the last one seen were delivered, so the server can continue exactly
    /// there without a relist (client-go `Reflector.watch` loop; kube-rs `watcher.rs`).
    public static func resumeResourceVersion(lastSynced: String) -> String { lastSynced }

    /// RV after an object or bookmark event: the event's own RV when it has one.
    /// Why: BOOKMARKs exist only to move this forward (apiserver `cache_watcher.go`
    /// `nextBookmarkTime`); an event without an RV must not reset it.
    public static func advance(lastSynced: String, eventResourceVersion: String?) -> String {
        guard let rv = eventResourceVersion, !rv.isEmpty else { return lastSynced }
        return rv
    }

    /// A watch that ended within a second having delivered nothing is treated as an error.
    /// Why: it signals a server that accepts and immediately drops watches; looping on it
    /// without backoff would hammer the server (client-go `handleWatch` "very short watch").
    public static func isVeryShortWatch(elapsedSeconds: Double, events: Int) -> Bool {
        elapsedSeconds < 1 && events == 0
    }
}
