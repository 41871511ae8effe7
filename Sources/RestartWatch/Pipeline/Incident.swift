import Diagnosis
import Foundation

/// One problem of one workload's container: owner + container + cause. Pods come and go (a
/// Deployment replaces them, LWS recreates groups); the incident follows the owner.
struct Incident: Codable, Equatable, Sendable {
    enum State: String, Codable, Sendable { case suspected, confirmed, resolved }

    struct Key: Codable, Hashable, Sendable, CustomStringConvertible {
        var namespace: String
        /// `Deployment/llama-8b`, or `Pod/NAME` when the pod has no owner.
        var owner: String
        var container: String
        var cause: Cause
        var description: String {
            "\(namespace)/\(owner)/\(container)/\(cause == .probeKillDuringDownload ? "probe-kill-during-startup" : cause.rawValue)"
        }
    }

    var key: Key
    var state: State
    /// The latest finding for it (its facts, remediation and numbers).
    var finding: Finding
    var openedAt: KubeTime
    var updatedAt: KubeTime
    /// Increments whenever a notification-worthy change happens; notifications carry it, so a
    /// receiver can drop duplicates and out-of-order deliveries.
    var version: Int
    /// Pods seen in this incident.
    var pods: [String]
    /// Last time the container was seen ready (for resolution).
    var readySince: KubeTime?
}

/// What happened to an incident on one update, and whether it deserves a message.
enum IncidentChange: Equatable, Sendable {
    case opened
    case stateChanged(from: Incident.State)
    case numbersChanged
    case unchanged
}

extension Incident.Key {
    init(finding f: Finding) {
        let owner = f.owner.map { "\($0.kind)/\($0.name)" } ?? "Pod/\(f.pod)"
        self.init(namespace: f.namespace, owner: owner, container: f.container, cause: Incident.Key.family(f.cause))
    }

    /// A probe kill during download and one during load are the same problem seen at different
    /// moments (the phase is refined as logs arrive): one incident, not two.
    static func family(_ c: Cause) -> Cause {
        c == .probeKillDuringLoad ? .probeKillDuringDownload : c
    }
}

extension Finding {
    /// Probe kills with direct evidence and every non-probe cause are confirmed; the rest is suspected.
    var incidentState: Incident.State {
        if cause == .insufficientEvidence { return .suspected }
        if cause.isProbeKill { return confidence == .high ? .confirmed : .suspected }
        return confidence == .low ? .suspected : .confirmed
    }

    /// Numbers whose material change is worth a new message: the need and the advised budget
    /// (±20 %) and whether the cache must persist. Restart counts alone are not news.
    func materiallyDiffers(from old: Finding) -> Bool {
        func far(_ a: Int?, _ b: Int?) -> Bool {
            guard let a, let b else { return (a == nil) != (b == nil) }
            return Double(abs(a - b)) > 0.2 * Double(max(a, b, 1))
        }
        if cause != old.cause { return true }
        if far(remediation?.needSeconds, old.remediation?.needSeconds) { return true }
        if far(remediation?.startupProbe?.budgetSeconds, old.remediation?.startupProbe?.budgetSeconds) { return true }
        if remediation?.persistentCacheNeeded != old.remediation?.persistentCacheNeeded { return true }
        if probe != old.probe { return true }
        return false
    }
}
