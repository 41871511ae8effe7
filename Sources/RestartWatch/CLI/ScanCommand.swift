import ArgumentParser
import Diagnosis
import Foundation

/// `restartwatch scan`: one diagnosis pass over a live cluster or a `cluster-info dump` folder.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Diagnose restarting and not-ready pods once, then exit (0: nothing found, 1: findings, 2: error).",
        discussion: """
        Live: lists pods and events (paginated) and fetches previous logs only for suspect containers.
        Offline: --from DIR reads `kubectl cluster-info dump --output-directory DIR -o json` output \
        (plus <ns>/<pod>/previous-logs.txt in the same block format as logs.txt).
        """
    )

    @OptionGroup var cluster: ClusterOptions

    @Option(name: .customLong("from"), help: "Read a `kubectl cluster-info dump --output-directory` folder instead of a cluster.")
    var from: String?

    @Option(name: .customLong("now"), help: "Diagnosis time for --from (RFC 3339). Default: the latest timestamp in the dump.")
    var now: String?

    @Option(name: [.short, .customLong("output")], help: "Output format: text, json or yaml.")
    var output: OutputFormat = .text

    @Option(name: .customLong("save-evidence"), help: "Write what the scan saw to DIR in the dump layout, so anyone can re-run it with --from.")
    var saveEvidence: String?

    func validate() throws {
        if let now, KubeTime(rfc3339: now) == nil {
            throw ValidationError("--now \"\(now)\" is not an RFC 3339 time such as 2025-06-01T10:05:00Z")
        }
        if now != nil && from == nil { throw ValidationError("--now only applies to --from (a live scan uses the API server's clock)") }
    }

    func run() async throws {
        let config = try cluster.configPath.map(RestartWatchConfig.load(path:)) ?? RestartWatchConfig()
        let diagnoser = Diagnoser(settings: config.diagnosisSettings)
        let input: ScanInput
        if let from {
            input = try DumpScan.load(path: from, now: now.flatMap(KubeTime.init(rfc3339:)), pod: cluster.pod,
                                      namespaces: cluster.namespaces)
        } else {
            input = try await LiveScan.load(options: cluster, config: config)
        }
        var findings: [Finding] = []
        for evidence in input.evidence { findings += diagnoser.diagnose(evidence) }
        findings.sort { ($0.namespace, $0.pod, $0.container) < ($1.namespace, $1.pod, $1.container) }
        if let dir = saveEvidence { try EvidenceWriter.write(input, to: dir) }
        let report = ScanReport(findings: findings, observedAt: input.observedAt.description,
                                podsExamined: input.podsExamined ?? input.evidence.count, source: input.source)
        switch output {
        case .json: print(try MachineOutput.json(report))
        case .yaml: print(try MachineOutput.yaml(report), terminator: "")
        case .text: print(TextReport.render(report), terminator: "")
        }
        if !findings.isEmpty { throw FoundProblems(status: ExitStatus.found) }
    }
}

/// Evidence gathered by a scan, whatever its source.
struct ScanInput {
    var evidence: [Evidence]
    var observedAt: KubeTime
    var source: String
    /// The raw material, kept for --save-evidence.
    var namespaces: [DumpReader.Namespace]
    /// Pods looked at (a live scan keeps only the suspects' evidence).
    var podsExamined: Int? = nil
}
