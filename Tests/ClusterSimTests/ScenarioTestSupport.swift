import Foundation
@testable import ClusterSim

/// Helpers that read a played scenario the way a client of the simulated API would.
struct PlayedScenario {
    let player: ScenarioPlayer
    let actions: [TimedAction]
    let start: Date

    init(_ scenario: Scenario, seconds: Double, start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        var player = ScenarioPlayer(scenario: scenario, start: start)
        actions = player.advance(to: start.addingTimeInterval(seconds))
        self.player = player
        self.start = start
    }

    /// Every kubelet event, in order.
    var events: [KubeletEvent] {
        actions.compactMap { if case .recordEvent(let e) = $0.action { return e } else { return nil } }
    }

    func events(reason: String) -> [KubeletEvent] { events.filter { $0.reason == reason } }

    /// Every pod document put, decoded with JSONSerialization, with its time.
    var podPuts: [(time: Date, json: [String: Any])] {
        actions.compactMap { a in
            guard case .putObject("pods", _, _, let data) = a.action,
                  let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return (a.time, obj)
        }
    }

    /// The first container status of each pod put.
    var containerStatuses: [(time: Date, status: [String: Any])] {
        podPuts.compactMap { put in
            guard let status = put.json["status"] as? [String: Any],
                  let list = status["containerStatuses"] as? [[String: Any]], let first = list.first else { return nil }
            return (put.time, first)
        }
    }

    /// Log lines of each container instance (split at rotateLog), in order.
    var logsByInstance: [[String]] {
        var out: [[String]] = [[]]
        for a in actions {
            switch a.action {
            case .rotateLog: out.append([])
            case .appendLog(_, _, _, let line): out[out.count - 1].append(line)
            default: break
            }
        }
        return out
    }

    /// The client-go recorder's dedup (kubernetes-facts §2.4): count per exact (object, type, reason, message).
    var dedupedEventCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for e in events {
            let key = [e.namespace, e.podName, e.podUID, e.container ?? "", e.component, e.host ?? "", e.type, e.reason,
                       e.message].joined(separator: "\u{1}")
            counts[key, default: 0] += 1
        }
        return counts
    }
}

/// Reads `state.running.startedAt`, `lastState.terminated.*` etc. from decoded JSON.
func field(_ object: [String: Any], _ path: String...) -> Any? {
    var current: Any? = object
    for key in path { current = (current as? [String: Any])?[key] }
    return current
}

/// Parses a `metav1.Time` string the sim wrote.
func kubeDate(_ value: Any?) -> Date? {
    guard let text = value as? String else { return nil }
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.date(from: text)
}
