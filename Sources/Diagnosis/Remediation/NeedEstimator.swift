/// How long a container needs from start to serving, and how we know.
public struct NeedEstimate: Sendable, Hashable {
    public var seconds: Double
    public var basis: String
    public init(seconds: Double, basis: String) { self.seconds = seconds; self.basis = basis }
}

public enum NeedEstimator {
    /// Estimates the need from (best first) measured rate and total size in the logs, progress at the
    /// moment of the kill, or a model-size estimate over the assumed bandwidth, plus a load allowance.
    /// `killedAfterSeconds` are run durations of killed instances (the need is at least that).
    public static func estimate(progress: ProgressReport?, model: ModelEstimate?, killedAfterSeconds: [Double],
                                settings: DiagnosisSettings) -> NeedEstimate? {
        nil // PLACEHOLDER: replaced by the Remediation work (issue #3)
    }
}
