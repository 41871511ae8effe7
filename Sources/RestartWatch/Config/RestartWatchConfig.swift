import Diagnosis
import Foundation

/// restartwatch's configuration file (JSON). Every key is optional and has a working default;
/// unknown keys are errors. `config.example.json` at the top of the repository documents each key.
struct RestartWatchConfig: Decodable, Equatable {
    /// Namespaces to watch; empty means all namespaces.
    var namespaces: [String] = []
    /// Label selector for pods (`app=vllm,tier!=router`).
    var labelSelector: String?
    /// Sidecar mode: watch only this pod (in the first namespace).
    var pod: String?
    var diagnosis = DiagnosisConfig()
    var logs = LogFetchConfig()
    var notifiers = NotifiersConfig()
    /// Where the notification queue and incident state live (systemd: StateDirectory).
    var stateDirectory: String = "/var/lib/restartwatch"
    /// `host:port` of /metrics, /healthz, /readyz; empty disables the endpoint.
    var metricsAddress: String = "127.0.0.1:9464"
    var leaderElection = LeaderElectionConfig()
    var logFormat: String = "text"
    var logLevel: String = "info"

    init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case namespaces, labelSelector, pod, diagnosis, logs, notifiers, stateDirectory, metricsAddress
        case leaderElection, logFormat, logLevel
    }

    init(from decoder: Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var d = RestartWatchConfig()
        d.namespaces = try c.decodeIfPresent([String].self, forKey: .namespaces) ?? d.namespaces
        d.labelSelector = try c.decodeIfPresent(String.self, forKey: .labelSelector)
        d.pod = try c.decodeIfPresent(String.self, forKey: .pod)
        d.diagnosis = try c.decodeIfPresent(DiagnosisConfig.self, forKey: .diagnosis) ?? d.diagnosis
        d.logs = try c.decodeIfPresent(LogFetchConfig.self, forKey: .logs) ?? d.logs
        d.notifiers = try c.decodeIfPresent(NotifiersConfig.self, forKey: .notifiers) ?? d.notifiers
        d.stateDirectory = try c.decodeIfPresent(String.self, forKey: .stateDirectory) ?? d.stateDirectory
        d.metricsAddress = try c.decodeIfPresent(String.self, forKey: .metricsAddress) ?? d.metricsAddress
        d.leaderElection = try c.decodeIfPresent(LeaderElectionConfig.self, forKey: .leaderElection) ?? d.leaderElection
        d.logFormat = try c.decodeIfPresent(String.self, forKey: .logFormat) ?? d.logFormat
        d.logLevel = try c.decodeIfPresent(String.self, forKey: .logLevel) ?? d.logLevel
        self = d
    }

    /// Loads and validates a config file; errors name the file, the key path and what was expected.
    static func load(path: String) throws -> RestartWatchConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, keyPath: "", problem: "cannot read the file")
        }
        let config = try StrictDecoding.decode(RestartWatchConfig.self, from: data, file: path)
        try config.validate(file: path)
        return config
    }

    func validate(file: String) throws {
        func fail(_ key: String, _ problem: String) throws { throw ConfigError(file: file, keyPath: key, problem: problem) }
        if !["text", "json"].contains(logFormat) { try fail("logFormat", "expected \"text\" or \"json\", found \"\(logFormat)\"") }
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        if !levels.contains(logLevel) { try fail("logLevel", "expected one of \(levels.joined(separator: ", "))") }
        if diagnosis.margin < 1 || diagnosis.margin > 10 { try fail("diagnosis.margin", "expected a number from 1 to 10") }
        if diagnosis.assumedBandwidthMBps <= 0 { try fail("diagnosis.assumedBandwidthMBps", "expected a positive number") }
        if diagnosis.startupPeriodSeconds < 1 { try fail("diagnosis.startupPeriodSeconds", "expected an integer ≥ 1") }
        if logs.tailLines < 1 { try fail("logs.tailLines", "expected an integer ≥ 1") }
        if logs.limitBytes < 1024 { try fail("logs.limitBytes", "expected an integer ≥ 1024") }
        if !metricsAddress.isEmpty, HostPort(metricsAddress) == nil {
            try fail("metricsAddress", "expected host:port such as 127.0.0.1:9464, or \"\" to disable")
        }
        for (i, ns) in namespaces.enumerated() where !ns.isDNSLabel {
            try fail("namespaces[\(i)]", "\"\(ns)\" is not a valid namespace name")
        }
        let le = leaderElection
        // client-go's constraint: leaseDuration > renewDeadline > JitterFactor(1.2) × retryPeriod.
        if le.enabled, !(le.leaseDurationSeconds > le.renewDeadlineSeconds && Double(le.renewDeadlineSeconds) > 1.2 * Double(le.retryPeriodSeconds)) {
            try fail("leaderElection", "expected leaseDurationSeconds > renewDeadlineSeconds > 1.2 × retryPeriodSeconds")
        }
        try notifiers.webhook?.url.validate(file: file, key: "notifiers.webhook.url")
        try notifiers.slack?.url.validate(file: file, key: "notifiers.slack.url")
    }

    var diagnosisSettings: DiagnosisSettings {
        DiagnosisSettings(margin: diagnosis.margin, assumedBandwidthBytesPerSecond: diagnosis.assumedBandwidthMBps * 1_000_000,
                          startupPeriodSeconds: diagnosis.startupPeriodSeconds, bytesPerParameter: diagnosis.bytesPerParameter)
    }
}

/// Remediation arithmetic (see DiagnosisSettings).
struct DiagnosisConfig: Decodable, Equatable {
    var margin = 1.5
    var assumedBandwidthMBps = 50.0
    var startupPeriodSeconds = 10
    var bytesPerParameter = 2.0

    init() {}
    enum CodingKeys: String, CodingKey, CaseIterable { case margin, assumedBandwidthMBps, startupPeriodSeconds, bytesPerParameter }
    init(from decoder: Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        margin = try c.decodeIfPresent(Double.self, forKey: .margin) ?? margin
        assumedBandwidthMBps = try c.decodeIfPresent(Double.self, forKey: .assumedBandwidthMBps) ?? assumedBandwidthMBps
        startupPeriodSeconds = try c.decodeIfPresent(Int.self, forKey: .startupPeriodSeconds) ?? startupPeriodSeconds
        bytesPerParameter = try c.decodeIfPresent(Double.self, forKey: .bytesPerParameter) ?? bytesPerParameter
    }
}

/// How previous logs are fetched for suspect containers (bounded and rate-limited).
struct LogFetchConfig: Decodable, Equatable {
    /// Fetch container logs of suspect containers at all (false where pods/log is not granted).
    var enabled = true
    var tailLines = 500
    var limitBytes = 262_144
    /// At most one fetch per pod and container in this many seconds.
    var perContainerIntervalSeconds = 60.0
    /// At most this many log fetches per minute over the whole cluster.
    var perMinute = 60

    init() {}
    enum CodingKeys: String, CodingKey, CaseIterable { case enabled, tailLines, limitBytes, perContainerIntervalSeconds, perMinute }
    init(from decoder: Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
        tailLines = try c.decodeIfPresent(Int.self, forKey: .tailLines) ?? tailLines
        limitBytes = try c.decodeIfPresent(Int.self, forKey: .limitBytes) ?? limitBytes
        perContainerIntervalSeconds = try c.decodeIfPresent(Double.self, forKey: .perContainerIntervalSeconds) ?? perContainerIntervalSeconds
        perMinute = try c.decodeIfPresent(Int.self, forKey: .perMinute) ?? perMinute
    }
}

/// Leader election on a coordination.k8s.io Lease, so several replicas run with one active.
struct LeaderElectionConfig: Decodable, Equatable {
    var enabled = false
    var leaseName = "restartwatch"
    /// Namespace of the Lease; defaults to the in-cluster namespace or the context's.
    var namespace: String?
    var leaseDurationSeconds = 15
    var renewDeadlineSeconds = 10
    var retryPeriodSeconds = 2

    init() {}
    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, leaseName, namespace, leaseDurationSeconds, renewDeadlineSeconds, retryPeriodSeconds
    }
    init(from decoder: Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
        leaseName = try c.decodeIfPresent(String.self, forKey: .leaseName) ?? leaseName
        namespace = try c.decodeIfPresent(String.self, forKey: .namespace)
        leaseDurationSeconds = try c.decodeIfPresent(Int.self, forKey: .leaseDurationSeconds) ?? leaseDurationSeconds
        renewDeadlineSeconds = try c.decodeIfPresent(Int.self, forKey: .renewDeadlineSeconds) ?? renewDeadlineSeconds
        retryPeriodSeconds = try c.decodeIfPresent(Int.self, forKey: .retryPeriodSeconds) ?? retryPeriodSeconds
    }
}

/// `host:port`.
struct HostPort: Equatable {
    var host: String
    var port: Int
    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let p = Int(text[text.index(after: colon)...]), (0...65535).contains(p) else {
            return nil
        }
        var h = String(text[..<colon])
        if h.hasPrefix("["), h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        guard !h.isEmpty else { return nil }
        host = h
        port = p
    }
}

extension String {
    /// RFC 1123 label: what Kubernetes accepts as a namespace name.
    var isDNSLabel: Bool {
        guard !isEmpty, count <= 63, let f = first, let l = last, f.isLetter || f.isNumber, l.isLetter || l.isNumber else { return false }
        return allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
