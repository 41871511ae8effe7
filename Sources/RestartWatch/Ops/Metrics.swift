import Foundation

/// Counters and gauges rendered in the Prometheus text exposition format (version 0.0.4).
/// Hand-written: a few dozen lines cost less than swift-metrics + swift-prometheus, and /metrics
/// needs a listener of our own anyway (swift-libcurl-notes §3).
final class Metrics: @unchecked Sendable {
    private struct Series: Hashable {
        var name: String
        var labels: [String: String]
    }

    private let lock = NSLock()
    private var values: [Series: Double] = [:]
    private var kinds: [String: String] = [:]
    private let help: [String: String] = [
        "restartwatch_findings_total": "Findings reported, by cause.",
        "restartwatch_restarts_observed_total": "Container restarts observed (restartCount increases).",
        "restartwatch_watch_restarts_total": "Watch requests re-opened after an end or error, by resource.",
        "restartwatch_relists_total": "Full re-lists after an expired resourceVersion, by resource.",
        "restartwatch_api_errors_total": "API requests that failed, by HTTP status code (0: transport error).",
        "restartwatch_notifications_sent_total": "Notifications delivered, by notifier.",
        "restartwatch_notification_failures_total": "Notification delivery failures, by notifier and kind.",
        "restartwatch_notification_queue_depth": "Notifications waiting for delivery.",
        "restartwatch_tracked_pods": "Pods currently tracked.",
        "restartwatch_incidents": "Open incidents, by state.",
        "restartwatch_log_fetches_total": "Previous-log fetches, by outcome.",
    ]

    func inc(_ name: String, _ labels: [String: String] = [:], by amount: Double = 1) {
        lock.lock(); defer { lock.unlock() }
        kinds[name] = "counter"
        values[Series(name: name, labels: labels), default: 0] += amount
    }

    func set(_ name: String, _ value: Double, _ labels: [String: String] = [:]) {
        lock.lock(); defer { lock.unlock() }
        kinds[name] = "gauge"
        values[Series(name: name, labels: labels)] = value
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        lock.lock(); defer { lock.unlock() }
        return values[Series(name: name, labels: labels)] ?? 0
    }

    /// The exposition text, sorted by metric name and labels.
    func render() -> String {
        lock.lock(); defer { lock.unlock() }
        var out = ""
        let byName = Dictionary(grouping: values.keys, by: \.name)
        for name in byName.keys.sorted() {
            if let h = help[name] { out += "# HELP \(name) \(h)\n" }
            out += "# TYPE \(name) \(kinds[name] ?? "untyped")\n"
            let series = byName[name]!.sorted { Metrics.labelText($0.labels) < Metrics.labelText($1.labels) }
            for s in series {
                out += "\(name)\(Metrics.labelText(s.labels)) \(Metrics.number(values[s] ?? 0))\n"
            }
        }
        return out
    }

    static func labelText(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let parts = labels.sorted { $0.key < $1.key }.map { k, v in
            let escaped = v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(k)=\"\(escaped)\""
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
