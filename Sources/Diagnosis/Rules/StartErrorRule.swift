/// `crash.start-error`: the runtime could not start the process (bad command, missing binary, config error).
public struct StartErrorRule: DiagnosisRule {
    public let id = "crash.start-error"
    /// Waiting/terminated reasons of a container the runtime failed to create or start
    /// (kubelet `ErrRunContainer`, `ErrCreateContainer`; containerd CRI `StartError`, exit 128).
    static let reasons: Set<String> = ["RunContainerError", "CreateContainerError", "StartError", "ContainerCannotRun"]
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        let failures = c.events(where: { $0 == .startFailed })
        let waiting = c.waitingReason.map(Self.reasons.contains) ?? false
        let terminated = c.runs.contains { Self.reasons.contains($0.reason ?? "") }
        // A start failure event only explains a container that has not run since (a process that ran has started).
        let ranSince = c.status?.state?.running != nil || c.timedRuns.contains { $0.seconds > 1 }
        let eventOnly = !failures.isEmpty && !ranSince
        let configMessage = failures.contains { Self.isConfigError($0.event.message ?? "") }
        if c.waitingReason == "CreateContainerConfigError" || (eventOnly && configMessage) {
            return Verdict(cause: .other, confidence: .high, facts: Facts.status(c) + Facts.events(failures), rule: id,
                           summary: "The container cannot be created: a referenced ConfigMap, Secret or key is missing.")
        }
        guard waiting || terminated || eventOnly else { return nil }
        var facts = Facts.status(c) + Facts.events(failures)
        if let argv = c.spec?.argv, !argv.isEmpty { facts.append(Fact(.spec, "command/args: \(argv.joined(separator: " "))")) }
        return Verdict(cause: .crash, confidence: .high, facts: facts, rule: id,
                       summary: "The runtime cannot start the container process (check command, args and image entrypoint); probes are not involved.")
    }

    /// `Error: secret "x" not found`, `Error: configmap "x" not found`, `Error: couldn't find key k in Secret ns/x`
    /// (kubelet `makeEnvironmentVariables` / volume setup errors behind CreateContainerConfigError).
    static func isConfigError(_ message: String) -> Bool {
        let m = message.lowercased()
        return ((m.contains("secret \"") || m.contains("configmap \"")) && m.contains("not found")) || m.contains("couldn't find key")
    }
}
