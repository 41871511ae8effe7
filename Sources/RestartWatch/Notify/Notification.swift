import Diagnosis
import Foundation

/// A message about an incident, as queued for every notifier.
struct Notification: Codable, Equatable, Sendable {
    enum Kind: String, Codable, Sendable { case opened, confirmed, updated, resolved }
    /// Stable across retries and daemon restarts: `<incident key>#v<version>`; receivers may dedupe on it.
    var id: String
    var kind: Kind
    var incident: Incident
    /// Wall-clock seconds at which the watch delivered what led to this notification (a kill, a
    /// restart…); nil for changes with no such trigger. Receivers can measure restartwatch's latency.
    var triggeredAt: Double?

    init(incident: Incident, change: IncidentChange, triggeredAt: Double? = nil) {
        self.incident = incident
        self.triggeredAt = triggeredAt
        switch change {
        case .opened: kind = .opened
        case .stateChanged: kind = incident.state == .resolved ? .resolved : .confirmed
        case .numbersChanged, .unchanged: kind = .updated
        }
        if incident.state == .resolved { kind = .resolved }
        id = "\(incident.key)#v\(incident.version)"
    }

    /// One line for logs and Event messages.
    var headline: String {
        let f = incident.finding
        let what: String
        switch kind {
        case .opened: what = incident.state == .confirmed ? "new" : "suspected"
        case .confirmed: what = "confirmed"
        case .updated: what = "updated"
        case .resolved: what = "resolved"
        }
        return "[\(what)] \(f.namespace)/\(incident.key.owner) container \(f.container): \(f.cause.rawValue)"
            + (f.probe.map { " (\($0.rawValue) probe)" } ?? "")
    }
}

/// The JSON body of the generic webhook: the finding contract of corpus/README.md plus incident data.
struct WebhookPayload: Encodable {
    var id: String
    var event: String
    var state: String
    var incident: String
    var openedAt: String
    var updatedAt: String
    var version: Int
    var pods: [String]
    /// When restartwatch saw the trigger (RFC 3339, microseconds); absent when there was none.
    var triggeredAt: String?
    var finding: Finding

    init(_ n: Notification) {
        id = n.id
        event = n.kind.rawValue
        state = n.incident.state.rawValue
        incident = n.incident.key.description
        openedAt = n.incident.openedAt.description
        updatedAt = n.incident.updatedAt.description
        version = n.incident.version
        pods = n.incident.pods
        triggeredAt = n.triggeredAt.map { KubeTime(seconds: $0).microString }
        finding = n.incident.finding
    }
}

/// A Slack incoming-webhook message: readable blocks with the patch.
enum SlackMessage {
    static func body(_ n: Notification) throws -> Data {
        let f = n.incident.finding
        var blocks: [[String: Any]] = [
            ["type": "header", "text": ["type": "plain_text", "text": String(n.headline.prefix(150))]],
            ["type": "section", "text": ["type": "mrkdwn", "text": f.summary]],
        ]
        let facts = f.facts.prefix(6).map { "• [\($0.source.rawValue)] \($0.text)" }.joined(separator: "\n")
        if !facts.isEmpty { blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": String(facts.prefix(2900))]]) }
        if let r = f.remediation {
            var text = "*Fix:* need ≈ \(r.needSeconds) s (\(r.needBasis))"
            if let s = r.startupProbe {
                text += "\nstartupProbe: periodSeconds \(s.periodSeconds) × failureThreshold \(s.failureThreshold) = \(s.budgetSeconds) s"
            }
            if r.persistentCacheNeeded { text += "\n:warning: the model cache does not survive restarts — add a persistent cache too" }
            blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": text]])
            if let p = r.patch {
                blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": "```" + String(p.kubectl.prefix(2800)) + "```"]])
            }
        }
        let payload: [String: Any] = ["text": n.headline, "blocks": blocks]
        return try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
    }
}
