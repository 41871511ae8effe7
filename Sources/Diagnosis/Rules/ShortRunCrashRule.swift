/// `crash.short-runs`: every instance ended before any probe could have killed it (earliest kill
/// I + (F−1)·P, kubernetes-facts §3.3) and none was SIGKILLed, so the process exited by itself.
public struct ShortRunCrashRule: DiagnosisRule {
    public let id = "crash.short-runs"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        guard let earliest = Self.earliestKill(c) else { return nil }
        let runs = c.timedRuns
        let seconds = runs.map(\.seconds)
        guard !seconds.isEmpty, seconds.allSatisfy({ $0 < Double(earliest) - 3 }) else { return nil }
        // A SIGKILL (137) from outside is not the process giving up: without OOMKilled it may be a memory kill.
        guard runs.allSatisfy({ $0.run.exitCode != nil && $0.run.exitCode != 137 }) else { return nil }
        var facts = Facts.status(c)
        if let b = c.budget { facts.append(Facts.budget(b)) }
        if let f = Facts.runs(seconds, budget: nil) { facts.append(f) }
        facts.append(Fact(.computed, "no probe can kill this container before \(earliest) s after start"))
        return Verdict(cause: .crash, confidence: .medium, facts: facts, rule: id,
                       summary: "Each instance exited before any probe could have killed it: the process fails on its own; read the previous container log.")
    }

    /// The earliest moment any configured probe can decide a kill. With a startupProbe, liveness starts only
    /// once it has passed (≥ its initialDelay), and liveness's own initialDelay still counts from start.
    static func earliestKill(_ c: ContainerContext) -> Int? {
        guard c.spec != nil else { return nil }
        let start = c.budget(of: .startup)
        var candidates: [Int] = []
        if let s = start { candidates.append(s.earliestKillSeconds) }
        if let l = c.budget(of: .liveness) {
            let gate = max(start?.initialDelaySeconds ?? 0, l.initialDelaySeconds)
            candidates.append(gate + (l.failureThreshold - 1) * l.periodSeconds)
        }
        return candidates.min()
    }
}
