/// What one rule concluded about one container; the Diagnoser turns it into a `Finding`.
public struct Verdict: Sendable, Hashable {
    public var cause: Cause
    /// The probe that killed (probe kills) or that points at the wrong target (`other`).
    public var probe: ProbeKind?
    public var confidence: Confidence
    public var facts: [Fact]
    /// Stable rule ID (`probe-kill.event`, `crash.log-signature`, …).
    public var rule: String
    public var summary: String

    public init(cause: Cause, probe: ProbeKind? = nil, confidence: Confidence, facts: [Fact], rule: String, summary: String) {
        self.cause = cause
        self.probe = probe
        self.confidence = confidence
        self.facts = facts
        self.rule = rule
        self.summary = summary
    }
}

/// One diagnosis rule: reads an immutable context, returns a verdict or nil when it does not apply.
public protocol DiagnosisRule: Sendable {
    /// Stable identifier, also written to `Finding.rule`.
    var id: String { get }
    func evaluate(_ context: ContainerContext) -> Verdict?
}
