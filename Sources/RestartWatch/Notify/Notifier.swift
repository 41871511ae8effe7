import Foundation
import KubeClient
import Logging

/// Delivers notifications somewhere. `deliver` throws `DeliveryError` so the queue can tell a
/// failure worth retrying from one that never will succeed.
protocol Notifier: Sendable {
    /// Stable name used in the persisted queue and in metrics (`log`, `webhook`, `slack`, `event`).
    var name: String { get }
    func deliver(_ notification: Notification) async throws
}

enum DeliveryError: Error, CustomStringConvertible {
    /// Try again later (network error, 429, 5xx).
    case transient(String)
    /// Retrying cannot help (4xx other than 408/429): logged, counted and dropped.
    case permanent(String)

    var description: String {
        switch self {
        case .transient(let s): return "temporary failure: \(s)"
        case .permanent(let s): return "permanent failure: \(s)"
        }
    }

    static func forHTTP(status: Int, what: String) -> DeliveryError? {
        switch status {
        case 200..<300: return nil
        case 408, 429, 500...599: return .transient("\(what) answered HTTP \(status)")
        default: return .permanent("\(what) answered HTTP \(status)")
        }
    }
}

/// Writes each notification as a log line (text or JSON, by the daemon's log handler).
struct LogNotifier: Notifier {
    let name = "log"
    let logger: Logger

    func deliver(_ n: Notification) async throws {
        let f = n.incident.finding
        var meta: Logger.Metadata = [
            "incident": "\(n.incident.key)", "state": "\(n.incident.state.rawValue)", "cause": "\(f.cause.rawValue)",
            "namespace": "\(f.namespace)", "pod": "\(f.pod)", "container": "\(f.container)",
            "confidence": "\(f.confidence.rawValue)", "version": "\(n.incident.version)",
        ]
        if let p = f.probe { meta["probe"] = "\(p.rawValue)" }
        if let r = f.remediation {
            meta["need_seconds"] = "\(r.needSeconds)"
            if let s = r.startupProbe { meta["startup_budget_seconds"] = "\(s.budgetSeconds)" }
            if let p = r.patch { meta["patch"] = "\(p.kubectl)" }
        }
        logger.notice("\(n.headline): \(f.summary)", metadata: meta)
    }
}

/// POSTs the finding contract as JSON to a generic webhook.
struct WebhookNotifier: Notifier {
    let name = "webhook"
    let url: Secret
    let timeoutSeconds: Double

    func deliver(_ n: Notification) async throws {
        let body = try JSONEncoder.sortedKeys.encode(WebhookPayload(n))
        try await post(body: body, id: n.id, what: "webhook")
    }

    func post(body: Data, id: String, what: String) async throws {
        let response: HTTPPost.Response
        do {
            response = try await HTTPPost.send(url: url, body: body, headers: ["X-Restartwatch-Delivery": id],
                                               timeoutSeconds: timeoutSeconds)
        } catch {
            throw DeliveryError.transient("\(error)")
        }
        if let e = DeliveryError.forHTTP(status: response.status, what: what) { throw e }
    }
}

/// Posts readable blocks with the patch to a Slack incoming webhook.
struct SlackNotifier: Notifier {
    let name = "slack"
    let url: Secret
    let timeoutSeconds: Double

    func deliver(_ n: Notification) async throws {
        let poster = WebhookNotifier(url: url, timeoutSeconds: timeoutSeconds)
        try await poster.post(body: try SlackMessage.body(n), id: n.id, what: "Slack")
    }
}

extension JSONEncoder {
    static var sortedKeys: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
