import Diagnosis
import Foundation

/// Turns a stream of findings into incidents: one per owner + container + cause, moving
/// suspected → confirmed → resolved, deduplicated. Pure: time comes in with every call.
struct IncidentTracker: Sendable {
    /// A container must stay ready this long before its incidents resolve. Ten minutes is when the
    /// kubelet itself forgets a crash loop (back-off reset after 600 s, kubernetes-facts §3.6).
    var resolveAfterReadySeconds: Double = 600
    private(set) var incidents: [Incident.Key: Incident] = [:]

    init(resolveAfterReadySeconds: Double = 600, incidents: [Incident] = []) {
        self.resolveAfterReadySeconds = resolveAfterReadySeconds
        for i in incidents { self.incidents[i.key] = i }
    }

    /// Records a finding; returns the incident and what changed.
    mutating func record(_ finding: Finding, at now: KubeTime) -> (Incident, IncidentChange) {
        let key = Incident.Key(finding: finding)
        let newState = finding.incidentState
        guard var inc = incidents[key], inc.state != .resolved else {
            let inc = Incident(key: key, state: newState, finding: finding, openedAt: now, updatedAt: now, version: 1,
                               pods: [finding.pod], readySince: nil)
            incidents[key] = inc
            return (inc, .opened)
        }
        let old = inc
        inc.updatedAt = now
        // Weaker evidence later (events expired, logs rate-limited) never overwrites a stronger finding.
        if finding.confidence >= old.finding.confidence { inc.finding = finding }
        inc.readySince = nil
        if !inc.pods.contains(finding.pod) { inc.pods.append(finding.pod) }
        var change = IncidentChange.unchanged
        // suspected → confirmed; never back from confirmed to suspected on weaker evidence.
        if old.state == .suspected && newState == .confirmed {
            inc.state = .confirmed
            change = .stateChanged(from: .suspected)
        } else if finding.confidence >= old.finding.confidence, finding.materiallyDiffers(from: old.finding) {
            change = .numbersChanged
        }
        if change != .unchanged { inc.version += 1 }
        incidents[key] = inc
        return (inc, change)
    }

    /// The container of `owner` is ready (or its pod is gone for good). Open incidents for it resolve once
    /// it has stayed ready for `resolveAfterReadySeconds`. Returns the incidents that resolved now.
    mutating func observeReady(namespace: String, owner: String, container: String, at now: KubeTime) -> [Incident] {
        var resolved: [Incident] = []
        for (key, var inc) in incidents where key.namespace == namespace && key.owner == owner
            && key.container == container && inc.state != .resolved {
            if let since = inc.readySince {
                if since.distance(to: now) >= resolveAfterReadySeconds {
                    inc.state = .resolved
                    inc.updatedAt = now
                    inc.version += 1
                    resolved.append(inc)
                }
            } else {
                inc.readySince = now
            }
            incidents[key] = inc
        }
        return resolved
    }

    /// The container is not ready (again): any pending resolution starts over.
    mutating func observeNotReady(namespace: String, owner: String, container: String) {
        for (key, var inc) in incidents where key.namespace == namespace && key.owner == owner
            && key.container == container && inc.readySince != nil {
            inc.readySince = nil
            incidents[key] = inc
        }
    }

    /// Drops resolved incidents older than `seconds`, so state stays small.
    mutating func forgetResolved(olderThan seconds: Double, now: KubeTime) {
        incidents = incidents.filter { $0.value.state != .resolved || $0.value.updatedAt.distance(to: now) < seconds }
    }

    var all: [Incident] { incidents.values.sorted { $0.key.description < $1.key.description } }
}
