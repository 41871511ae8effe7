/// The only registry of diagnosis rules. Order is the ranking: the first rule that returns a verdict decides.
///
/// Exclusions come first (image pull, eviction, OOMKilled, crash evidence, wrong probe target), so a
/// probe is never blamed when something else explains the restart; probe-kill rules need positive
/// evidence; the fallback says "insufficient evidence" rather than guess.
public enum RuleTable {
    public static let rules: [any DiagnosisRule] = [
        ImagePullRule(),
        EvictedRule(),
        OOMKilledRule(),
        StartErrorRule(),
        CrashSignatureRule(),
        InitContainerCrashRule(),
        WorkerTimeoutRule(),
        ProbeClientErrorRule(),
        ExitCodeCrashRule(),
        ProbeKillEventRule(),
        ProbeKillTimingRule(),
        ProbeKillAfterReadyRule(),
        ShortRunCrashRule(),
        NotReadyRule(),
        InsufficientEvidenceRule(),
    ]

    /// Looks a rule up by its stable ID.
    public static func rule(id: String) -> (any DiagnosisRule)? { rules.first { $0.id == id } }
}
