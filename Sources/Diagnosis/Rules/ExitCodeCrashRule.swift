/// `crash.exit-code`: the last instance exited with a code no probe kill produces. A probe kill ends in
/// 137 (SIGKILL after the grace period), 143 (SIGTERM), 0 (graceful shutdown) or 130 (Python re-raising
/// the interrupt), kubernetes-facts §3.5; anything else is the process giving up by itself.
public struct ExitCodeCrashRule: DiagnosisRule {
    public let id = "crash.exit-code"
    static let signalExits: Set<Int> = [0, 130, 137, 143]
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        guard let last = c.runs.last, let code = last.exitCode, !Self.signalExits.contains(code),
              c.probeKillsForLatestRun.isEmpty, !c.has(.terminatedBySignal) else { return nil }
        // An app that exits 1 on SIGTERM, right in the kill window while its probe was failing, is not a crash.
        if let b = c.budget, let s = last.runSeconds, b.explainsRun(seconds: s), !c.unhealthy(b.probe).isEmpty { return nil }
        var facts = Facts.status(c)
        facts.append(Fact(.status, "exit code \(code) is not a signal exit (137/143) or a graceful shutdown (0)"))
        for line in (c.previousLogs ?? c.currentLogs ?? []).suffix(2) { facts.append(Facts.log(line, previous: c.previousLogs != nil)) }
        return Verdict(cause: .crash, confidence: .medium, facts: facts, rule: id,
                       summary: "The process exited on its own with code \(code); the previous container log should say why.")
    }
}
