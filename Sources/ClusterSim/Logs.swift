import Foundation

/// Log lines of one container: the running instance and the previous (terminated) one.
struct ContainerLog: Sendable {
    /// One line with the simulated time it was written.
    struct Line: Sendable {
        var time: Date
        var text: String
    }
    var current: [Line] = []
    var previous: [Line]?
}

/// Parsed `PodLogOptions` (kubernetes-facts §4).
struct LogQuery {
    var container: String?
    var previous = false
    var tailLines: Int?
    var limitBytes: Int?
    var sinceSeconds: Int?
    var timestamps = false

    init(_ q: [String: String], pod: String) throws {
        container = q["container"].flatMap { $0.isEmpty ? nil : $0 }
        previous = q["previous"].map(Self.bool) ?? false
        timestamps = q["timestamps"].map(Self.bool) ?? false
        tailLines = try Self.int(q, "tailLines", pod: pod)
        limitBytes = try Self.int(q, "limitBytes", pod: pod)
        sinceSeconds = try Self.int(q, "sinceSeconds", pod: pod)
        // Validation (source: pkg/apis/core/validation/validation.go `ValidatePodLogOptions`).
        if let t = tailLines, t < 0 {
            throw APIError.invalid(kind: "PodLogOptions", name: pod, field: "tailLines",
                                   detail: "Invalid value: \(t): must be greater than or equal to 0")
        }
        if let l = limitBytes, l < 1 {
            throw APIError.invalid(kind: "PodLogOptions", name: pod, field: "limitBytes",
                                   detail: "Invalid value: \(l): must be greater than 0")
        }
        if let s = sinceSeconds, s < 1 {
            throw APIError.invalid(kind: "PodLogOptions", name: pod, field: "sinceSeconds",
                                   detail: "Invalid value: \(s): must be greater than 0")
        }
    }

    static func bool(_ s: String) -> Bool { s.lowercased() == "true" || s == "1" }

    static func int(_ q: [String: String], _ key: String, pod: String) throws -> Int? {
        guard let raw = q[key] else { return nil }
        guard let v = Int(raw) else {
            throw APIError.badRequest("\(key): invalid value \(JSONBytes.quote(raw))")
        }
        return v
    }
}

extension SimCore {
    static func logKey(_ namespace: String, _ pod: String, _ container: String) -> String {
        "\(namespace)/\(pod)/\(container)"
    }

    func appendLog(namespace: String, pod: String, container: String, line: String) {
        state.withLock { s in
            s.logs[Self.logKey(namespace, pod, container), default: ContainerLog()].current
                .append(.init(time: s.now, text: line))
        }
    }

    func rotateLog(namespace: String, pod: String, container: String) {
        state.withLock { s in
            let key = Self.logKey(namespace, pod, container)
            var log = s.logs[key] ?? ContainerLog()
            log.previous = log.current
            log.current = []
            s.logs[key] = log
        }
    }

    /// Serves `GET .../pods/NAME/log`. Returns nil body for 204 (pod not scheduled, no log yet).
    func podLog(pod: StoredObject, namespace: String, query q: [String: String]) throws -> Data? {
        let opts = try LogQuery(q, pod: pod.name)
        let spec = ((try? JSONSerialization.jsonObject(with: pod.data)) as? [String: Any])?["spec"] as? [String: Any] ?? [:]
        let names = (spec["containers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        let container: String
        if let c = opts.container {
            // source: pkg/registry/core/pod/strategy.go `LogLocation` / `podHasContainerWithName`.
            guard names.isEmpty || names.contains(c) else {
                throw APIError.badRequest("container \(c) is not valid for pod \(pod.name)")
            }
            container = c
        } else if names.count == 1 {
            container = names[0]
        } else {
            throw APIError.badRequest("a container name must be specified for pod \(pod.name), choose one of: [\(names.joined(separator: " "))]")
        }
        let (log, now) = state.withLock { ($0.logs[Self.logKey(namespace, pod.name, container)], $0.now) }
        var lines: [ContainerLog.Line]
        if opts.previous {
            // kubelet `validateContainerLogStatus`, relayed as 400 BadRequest (kubernetes-facts §4).
            guard let previous = log?.previous else {
                throw APIError.badRequest("previous terminated container \"\(container)\" in pod \"\(pod.name)\" not found")
            }
            lines = previous
        } else {
            guard log != nil || spec["nodeName"] != nil else { return nil }  // unscheduled → 204
            lines = log?.current ?? []
        }
        if let since = opts.sinceSeconds {
            let cutoff = now.addingTimeInterval(-Double(since))
            lines = lines.filter { $0.time >= cutoff }
        }
        if let tail = opts.tailLines { lines = Array(lines.suffix(tail)) }
        var out = Data()
        for line in lines {
            if opts.timestamps { out.append(contentsOf: Array((TimeFormat.rfc3339NanoFixed(line.time) + " ").utf8)) }
            out.append(contentsOf: Array(line.text.utf8))
            out.append(UInt8(ascii: "\n"))
        }
        if let limit = opts.limitBytes, out.count > limit { out = out.prefix(limit) }
        return out
    }
}
