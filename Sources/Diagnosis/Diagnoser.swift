/// Runs the rule table over one pod's evidence and returns at most one finding per container.
public struct Diagnoser: Sendable {
    public var settings: DiagnosisSettings

    public init(settings: DiagnosisSettings = DiagnosisSettings()) {
        self.settings = settings
    }

    /// Findings for every container of the pod that is restarting, crash-looping or not ready.
    /// Containers that look healthy produce no finding.
    public func diagnose(_ evidence: Evidence) -> [Finding] {
        // Placeholder until the rule table lands (issue #3): reports nothing rather than guessing.
        []
    }
}
