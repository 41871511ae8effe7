/// Builders for the facts rules cite, so every rule words the same evidence the same way.
public enum Facts {
    /// Restart count, current state and the last termination, from the container status.
    public static func status(_ c: ContainerContext) -> [Fact] {
        guard let s = c.status else { return [] }
        var out: [Fact] = []
        var line = "restartCount \(s.restartCount.map(String.init) ?? "not shown")"
        if let w = s.state?.waiting?.reason { line += ", waiting: \(w)" }
        if s.state?.running != nil { line += ", running" }
        if let r = s.ready { line += ", ready \(r)" }
        out.append(Fact(.status, line))
        if let t = s.lastState?.terminated { out.append(Fact(.status, "lastState.terminated: " + describe(t))) }
        if let t = s.state?.terminated { out.append(Fact(.status, "state.terminated: " + describe(t))) }
        return out
    }

    static func describe(_ t: ContainerState.Terminated) -> String {
        var parts = ["reason \(t.reason ?? "not shown")", "exitCode \(t.exitCode.map(String.init) ?? "not shown")"]
        if let s = t.runSeconds { parts.append("ran \(Int(s.rounded())) s (\(t.startedAt!) → \(t.finishedAt!))") }
        return parts.joined(separator: ", ")
    }

    /// The kill budget and its window, from the spec.
    public static func budget(_ b: KillBudget) -> Fact {
        Fact(.spec, "\(b.probe.rawValue)Probe initialDelaySeconds \(b.initialDelaySeconds) + failureThreshold \(b.failureThreshold) × periodSeconds \(b.periodSeconds) = budget \(b.budgetSeconds) s; a killed instance ends \(b.earliestKillSeconds)–\(b.latestKillSeconds + b.graceSeconds) s after start (timeout \(b.timeoutSeconds) s, grace \(b.graceSeconds) s)")
    }

    /// Run durations compared with the window.
    public static func runs(_ seconds: [Double], budget: KillBudget?, source: Fact.Source = .history) -> Fact? {
        guard !seconds.isEmpty else { return nil }
        let list = seconds.map { String(Int($0.rounded())) }.joined(separator: ", ")
        var text = "\(seconds.count) terminated run\(seconds.count == 1 ? "" : "s") lasted \(list) s"
        if let b = budget {
            let inside = seconds.filter { b.explainsRun(seconds: $0) }.count
            text += "; \(inside) inside the \(b.probe.rawValue) kill window"
        }
        return Fact(source, text)
    }

    /// One event, as `kubectl describe` would show it.
    public static func event(_ e: ClassifiedEvent) -> Fact {
        let r = e.event.reason ?? "(no reason)"
        let n = e.event.occurrences > 1 ? " (x\(e.event.occurrences))" : ""
        return Fact(.event, "\(r)\(n): \(e.event.message ?? "")")
    }

    /// A log line, trimmed.
    public static func log(_ line: String, previous: Bool) -> Fact {
        let text = line.count > 300 ? String(line.prefix(300)) + "…" : line
        return Fact(.log, (previous ? "previous log: " : "log: ") + text)
    }

    /// A few distinct events (newest last) of the given kinds, deduplicated by message.
    public static func events(_ list: [ClassifiedEvent], limit: Int = 3) -> [Fact] {
        var seen = Set<String>()
        var out: [Fact] = []
        for e in list.reversed() where seen.insert(e.event.message ?? "").inserted {
            out.append(event(e))
            if out.count == limit { break }
        }
        return out.reversed()
    }
}
