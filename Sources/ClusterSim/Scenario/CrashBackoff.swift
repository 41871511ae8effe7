import Foundation

/// The kubelet's per-container restart back-off (client-go `flowcontrol.Backoff` as the kubelet configures it).
///
/// Why this shape (kubernetes-facts §3.6; `pkg/kubelet/kubelet.go` `containerBackOffPeriod = 10s`,
/// `MaxContainerBackOff = 300s`; `kuberuntime_manager.go` `doBackOff`): a start is refused while
/// `now − finishedAt(newest exited instance) < window`; an allowed start calls `Next`, which creates the
/// entry at 10 s or doubles it up to 300 s, and resets to 10 s when that instance finished more than
/// 600 s after the entry's last update. No exited instance → no back-off and no `Next`.
struct CrashBackoff: Sendable, Hashable {
    static let initial: Double = 10
    static let maximum: Double = 300
    static let resetAfter: Double = 600

    private(set) var window: Double?
    private var lastUpdate: Date?

    /// One start attempt at `now`; `reference` is the `finishedAt` of the newest exited instance in the
    /// pod status the sync works from. Returns true when the container may start (and advances the window).
    mutating func attempt(now: Date, reference: Date?) -> Bool {
        guard let ref = reference else { return true }
        let expired = lastUpdate.map { ref.timeIntervalSince($0) > Self.resetAfter } ?? true
        if let w = window, !expired, now.timeIntervalSince(ref) < w { return false }
        if let w = window, !expired {
            window = min(w * 2, Self.maximum)
        } else {
            window = Self.initial
        }
        lastUpdate = now
        return true
    }
}
