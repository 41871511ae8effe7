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
///
/// Verdicts for a model server with a kill budget B and an estimated need N (at the assumed bandwidth):
/// `flag` when B < N and B is also below what a fast link (`fastLinkBytesPerSecond`) would need and below
/// N ÷ 1.5; `borderline` when B < N but a fast link or the [N ÷ 1.5, N) band would make it; `quiet`
/// when B ≥ N or there is no probe that can kill it (then the kubelet never kills for slowness);
/// `info` when quiet on the budget but there are notes (no readiness probe, emptyDir cache, size unknown).
public enum Linter {
    /// The optimistic link used to tell "fails everywhere" from "depends on bandwidth": 1 Gbit/s, the
    /// speed at which the AIBrix reporter judged 255 s enough for a 16 GB model (corpus manifest 04).
    public static let fastLinkBytesPerSecond: Double = 125_000_000
    /// Budgets within need ÷ this factor are borderline rather than flagged.
    public static let borderlineFactor: Double = 1.5

    public static func lint(_ objects: [ManifestObject], settings: DiagnosisSettings = DiagnosisSettings()) -> [LintResult] {
        lint(objects, settings: settings, signals: .live)
    }

    static func lint(_ objects: [ManifestObject], settings: DiagnosisSettings, signals: LintSignals) -> [LintResult] {
        objects.flatMap { object in
            PodTemplates.find(in: object).flatMap { site in
                site.spec.containers.enumerated().compactMap { index, container in
                    lintContainer(container, index: index, site: site, object: object, settings: settings, signals: signals)
                }
            }
        }
    }
}

/// The signal readers the linter uses (model detection, size, cache); a seam so the verdict logic
/// can be tested apart from the parsers.
struct LintSignals: Sendable {
    var isModelServer: @Sendable (Container) -> Bool
    var estimate: @Sendable (Container, Double) -> ModelEstimate?
    var assess: @Sendable (Container, [Volume]) -> CacheAssessment

    static let live = LintSignals(isModelServer: { ModelSize.isModelServer($0) },
                                  estimate: { ModelSize.estimate(for: $0, bytesPerParameter: $1) },
                                  assess: { CacheLocator.assess($0, volumes: $1) })
}
