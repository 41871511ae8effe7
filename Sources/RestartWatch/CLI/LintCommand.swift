import ArgumentParser
import Diagnosis
import Foundation

/// `restartwatch lint FILE|DIR|-`: the pre-flight check of workload manifests.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check workload manifests: is the probes' kill budget shorter than the model's download and load?",
        discussion: "Reads multi-document YAML or JSON (e.g. `helm template` output). Exit 0: nothing to fix; 1: findings; 2: some input was not a Kubernetes manifest."
    )

    @Argument(help: "Manifest file, directory (every *.yaml, *.yml, *.json below it), or - for standard input.")
    var path: String

    @Option(name: [.short, .customLong("output")], help: "Output format: text, json or yaml.")
    var output: OutputFormat = .text

    @Option(name: .customLong("config"), help: "restartwatch config file (for margin and assumed bandwidth).")
    var configPath: String?

    struct Report: Encodable {
        struct Item: Encodable {
            var file: String
            var result: LintResult
            enum CodingKeys: String, CodingKey { case file }
            func encode(to encoder: Encoder) throws {
                try result.encode(to: encoder)
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(file, forKey: .file)
            }
        }
        var results: [Item]
        var errors: [ManifestReader.FileError]
    }

    func run() async throws {
        let config = try configPath.map(RestartWatchConfig.load(path:)) ?? RestartWatchConfig()
        var items: [Report.Item] = []
        var errors: [ManifestReader.FileError] = []
        for file in try ManifestReader.files(for: path) {
            switch ManifestReader.read(file: file) {
            case .failure(let e): errors.append(e)
            case .success(let docs):
                for r in Linter.lint(docs.map(\.object), settings: config.diagnosisSettings) {
                    items.append(Report.Item(file: file, result: r))
                }
            }
        }
        let report = Report(results: items, errors: errors)
        switch output {
        case .json: print(try MachineOutput.json(report))
        case .yaml: print(try MachineOutput.yaml(report), terminator: "")
        case .text: print(Self.text(report), terminator: "")
        }
        for e in errors where output != .text {
            FileHandle.standardError.write(Data("restartwatch lint: \(e)\n".utf8))
        }
        if !errors.isEmpty { throw FoundProblems(status: ExitStatus.error) }
        if items.contains(where: { $0.result.verdict == .flag || $0.result.verdict == .borderline }) {
            throw FoundProblems(status: ExitStatus.found)
        }
    }

    static func text(_ report: Report) -> String {
        var out = ""
        for item in report.results {
            let r = item.result
            out += "\(r.verdict.rawValue.uppercased()) \(item.file): \(r.object.kind)/\(r.object.name) container \(r.container)"
            if let b = r.budgetSeconds { out += ", kill budget \(b) s" }
            if let n = r.needSeconds { out += ", estimated need \(n) s" }
            out += "\n"
            for m in r.messages { out += "  - \(m)\n" }
            if let rem = r.remediation { out += TextReport.render(rem) }
        }
        for e in report.errors { out += "ERROR \(e.file): \(e.message)\n" }
        if report.results.isEmpty && report.errors.isEmpty { out += "No model-serving containers found.\n" }
        return out
    }
}
