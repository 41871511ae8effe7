/// One Kubernetes object from a manifest, decoded from JSON (the CLI turns YAML into JSON first).
/// Only what the linter reads; the pod template is found by kind.
public struct ManifestObject: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta?
    /// The raw `spec`, kept as JSON so each kind can find its pod template.
    public var spec: JSONValue?

    public init(apiVersion: String?, kind: String?, metadata: ObjectMeta?, spec: JSONValue?) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
    }
}

/// The linter's verdict on one model-serving container.
public struct LintResult: Codable, Sendable, Hashable {
    public enum Verdict: String, Codable, Sendable { case flag, borderline, quiet, info }
    public var object: WorkloadRef
    public var container: String
    public var verdict: Verdict
    /// Cause vocabulary of the diagnosis the manifest is heading for (probe-kill-during-download …), if any.
    public var cause: Cause?
    public var probe: ProbeKind?
    public var budgetSeconds: Int?
    public var needSeconds: Int?
    public var model: String?
    public var cache: CacheAssessment.Persistence?
    public var messages: [String]
    public var remediation: Remediation?

    public init(object: WorkloadRef, container: String, verdict: Verdict, cause: Cause? = nil, probe: ProbeKind? = nil,
                budgetSeconds: Int? = nil, needSeconds: Int? = nil, model: String? = nil,
                cache: CacheAssessment.Persistence? = nil, messages: [String], remediation: Remediation? = nil) {
        self.object = object
        self.container = container
        self.verdict = verdict
        self.cause = cause
        self.probe = probe
        self.budgetSeconds = budgetSeconds
        self.needSeconds = needSeconds
        self.model = model
        self.cache = cache
        self.messages = messages
        self.remediation = remediation
    }
}

/// Pre-flight check of workload manifests: model-serving containers whose kill budget is below
/// their estimated need, or whose model cache does not survive a restart.
public enum Linter {
    public static func lint(_ objects: [ManifestObject], settings: DiagnosisSettings = DiagnosisSettings()) -> [LintResult] {
        [] // PLACEHOLDER: replaced by the Remediation/Lint work (issue #3)
    }
}
