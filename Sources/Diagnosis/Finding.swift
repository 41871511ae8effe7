/// The causes restartwatch can name, with the corpus vocabulary as raw values
/// (../shared/corpus/README.md, "Expected diagnosis").
public enum Cause: String, Codable, Sendable, CaseIterable {
    case probeKillDuringDownload = "probe-kill-during-download"
    case probeKillDuringLoad = "probe-kill-during-load"
    case probeKillAfterReady = "probe-kill-after-ready"
    case oomKilled = "oom-killed"
    case crash
    case imagePull = "image-pull"
    case evicted
    case notReady = "not-ready"
    case other
    case insufficientEvidence = "insufficient-evidence"

    /// True for the three causes that blame a probe's budget or behaviour.
    public var isProbeKill: Bool {
        self == .probeKillDuringDownload || self == .probeKillDuringLoad || self == .probeKillAfterReady
    }
}

public enum ProbeKind: String, Codable, Sendable, CaseIterable {
    case liveness, startup, readiness
}

public enum Confidence: String, Codable, Sendable, Comparable {
    case low, medium, high
    public static func < (a: Confidence, b: Confidence) -> Bool {
        let order: [Confidence] = [.low, .medium, .high]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// One piece of evidence behind a finding, naming where it came from.
public struct Fact: Codable, Sendable, Hashable {
    public enum Source: String, Codable, Sendable {
        case spec, status, event, log, history, computed
    }
    public var source: Source
    public var text: String
    public init(_ source: Source, _ text: String) { self.source = source; self.text = text }
}

/// A diagnosis of one container: the output contract of ../shared/corpus/README.md.
public struct Finding: Codable, Sendable, Hashable {
    public var namespace: String
    public var pod: String
    public var container: String
    public var cause: Cause
    public var probe: ProbeKind?
    public var owner: WorkloadRef?
    public var confidence: Confidence
    public var facts: [Fact]
    public var remediation: Remediation?
    /// Stable ID of the rule that decided (e.g. `probe-kill.timing`), for tests and dedup.
    public var rule: String
    /// One sentence for humans.
    public var summary: String

    public init(namespace: String, pod: String, container: String, cause: Cause, probe: ProbeKind? = nil,
                owner: WorkloadRef? = nil, confidence: Confidence, facts: [Fact], remediation: Remediation? = nil,
                rule: String, summary: String) {
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.cause = cause
        self.probe = probe
        self.owner = owner
        self.confidence = confidence
        self.facts = facts
        self.remediation = remediation
        self.rule = rule
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case namespace, pod, container, cause, probe, owner, confidence, facts, remediation, rule, summary
    }

    /// Encodes absent `probe`, `owner` and `remediation` as explicit `null`, as the output contract says.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(namespace, forKey: .namespace)
        try c.encode(pod, forKey: .pod)
        try c.encode(container, forKey: .container)
        try c.encode(cause, forKey: .cause)
        try c.encode(probe, forKey: .probe)
        try c.encode(owner, forKey: .owner)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(facts, forKey: .facts)
        try c.encode(remediation, forKey: .remediation)
        try c.encode(rule, forKey: .rule)
        try c.encode(summary, forKey: .summary)
    }
}

/// What to change, computed from the measured or estimated need.
public struct Remediation: Codable, Sendable, Hashable {
    /// Seconds the container needs from start to serving (download + load), as estimated.
    public var needSeconds: Int
    /// How `needSeconds` was obtained (measured rate, progress at kill, model-size estimate…).
    public var needBasis: String
    public var startupProbe: StartupProbeAdvice?
    /// True when each restart starts the download again (no persistent cache): a larger budget alone won't converge.
    public var persistentCacheNeeded: Bool
    public var patch: Patch?
    /// Other ways out, most useful first (PVC cache, initContainer download, initialDelaySeconds).
    public var alternatives: [String]

    public init(needSeconds: Int, needBasis: String, startupProbe: StartupProbeAdvice?, persistentCacheNeeded: Bool,
                patch: Patch?, alternatives: [String]) {
        self.needSeconds = needSeconds
        self.needBasis = needBasis
        self.startupProbe = startupProbe
        self.persistentCacheNeeded = persistentCacheNeeded
        self.patch = patch
        self.alternatives = alternatives
    }
}

/// The startupProbe to add: liveness's handler, periodSeconds × failureThreshold covering need × margin.
public struct StartupProbeAdvice: Codable, Sendable, Hashable {
    public var periodSeconds: Int
    public var failureThreshold: Int
    public var budgetSeconds: Int
    public var probe: Probe

    public init(periodSeconds: Int, failureThreshold: Int, budgetSeconds: Int, probe: Probe) {
        self.periodSeconds = periodSeconds
        self.failureThreshold = failureThreshold
        self.budgetSeconds = budgetSeconds
        self.probe = probe
    }
}

/// A ready-to-apply change to the owning workload.
public struct Patch: Codable, Sendable, Hashable {
    public enum PatchType: String, Codable, Sendable { case strategic, merge, json }
    public var target: WorkloadRef
    public var type: PatchType
    /// The patch body as compact JSON.
    public var body: String
    /// `kubectl patch …` command line that applies it.
    public var kubectl: String
    /// The same change as a YAML snippet of the container.
    public var yaml: String
    /// For resources restartwatch cannot patch directly (KServe, AIBrix…): which field to change.
    public var note: String?

    public init(target: WorkloadRef, type: PatchType, body: String, kubectl: String, yaml: String, note: String? = nil) {
        self.target = target
        self.type = type
        self.body = body
        self.kubectl = kubectl
        self.yaml = yaml
        self.note = note
    }
}
