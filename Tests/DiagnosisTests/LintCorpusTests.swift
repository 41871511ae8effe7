import Foundation
import Testing
import Yams
@testable import Diagnosis

/// ../shared/corpus/manifests and its INDEX.json (never edited; read-only fixtures).
enum ManifestCorpus {
    struct Entry: Decodable, Sendable, CustomTestStringConvertible {
        struct ProbeRow: Decodable, Sendable { var container: String; var kill_budget_s: Int? }
        var file: String
        var kinds: [String]
        var expected_lint: String
        var probes: [ProbeRow]
        var testDescription: String { file }

        /// Helm values files and unrendered templates are the CLI's to reject; the linter never sees them.
        var isKubernetes: Bool {
            !kinds.contains { $0.contains("not a Kubernetes object") || $0.contains("unrendered") }
        }
        var number: String { String(file.prefix(2)) }
    }

    static let directory: URL = {
        if let env = ProcessInfo.processInfo.environment["RESTARTWATCH_CORPUS"] {
            return URL(fileURLWithPath: env).appendingPathComponent("manifests")
        }
        // Tests/DiagnosisTests/<file> → repository root → ../shared/corpus (next to every worktree).
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus/manifests")
    }()

    static let entries: [Entry] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("INDEX.json")) else { return [] }
        return (try? JSONDecoder().decode([Entry].self, from: data)) ?? []
    }()

    static var available: Bool { !entries.isEmpty }

    /// Every YAML document as a ManifestObject (YAML → JSON → Codable, as the CLI does).
    static func objects(_ file: String) throws -> [ManifestObject] {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        return try Yams.load_all(yaml: text).compactMap { doc -> ManifestObject? in
            guard JSONSerialization.isValidJSONObject(doc) else { return nil }
            let data = try JSONSerialization.data(withJSONObject: doc)
            return try JSONDecoder().decode(ManifestObject.self, from: data)
        }
    }
}

@Suite(.enabled(if: ManifestCorpus.available, "needs ../shared/corpus/manifests"))
struct LintCorpusTests {
    typealias C = ManifestCorpus

    @Test func indexIsReadAndCoversTheFiles() throws {
        #expect(C.entries.count >= 16)
        let files = try FileManager.default.contentsOfDirectory(atPath: C.directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files) == Set(C.entries.map(\.file)))
    }

    @Test(arguments: ManifestCorpus.entries.filter { !$0.isKubernetes })
    func valuesFilesAndTemplatesAreNotKubernetesObjects(entry: ManifestCorpus.Entry) {
        // Either YAML fails outright (unrendered `{{ … }}`) or no document is an object with apiVersion and kind.
        guard let objects = try? C.objects(entry.file) else { return }
        #expect(!objects.contains { $0.apiVersion != nil && $0.kind != nil }, "\(entry.file)")
        // Even if handed to the linter, they produce nothing and do not crash.
        #expect(Linter.lint(objects).isEmpty)
    }

    @Test(arguments: ManifestCorpus.entries.filter(\.isKubernetes))
    func verdictMatchesExpectedLint(entry: ManifestCorpus.Entry) throws {
        let results = Linter.lint(try C.objects(entry.file))
        let verdicts = results.map(\.verdict)
        let summary = results.map { "\($0.container): \($0.verdict) \($0.messages)" }.joined(separator: "\n")
        if entry.expected_lint.hasPrefix("FLAG") {
            #expect(verdicts.contains(.flag), "\(entry.file)\n\(summary)")
        } else if entry.expected_lint.hasPrefix("BORDERLINE") {
            #expect(verdicts.contains(.borderline) && !verdicts.contains(.flag), "\(entry.file)\n\(summary)")
        } else {
            #expect(verdicts.allSatisfy { $0 == .quiet || $0 == .info }, "\(entry.file)\n\(summary)")
        }
        // Budgets agree with the index wherever both name the container.
        for row in entry.probes {
            guard let r = results.first(where: { $0.container == row.container }) else { continue }
            #expect(r.budgetSeconds == row.kill_budget_s, "\(entry.file) \(row.container)")
        }
    }

    @Test(arguments: ["01", "02", "03"])
    func aibrixQuickstartIsFlaggedForDownloadWithoutPersistentCache(number: String) throws {
        let entry = try #require(C.entries.first { $0.number == number })
        let results = Linter.lint(try C.objects(entry.file))
        let r = try #require(results.first { $0.container == "vllm-openai" })
        #expect(results.count == 1)
        #expect(r.verdict == .flag && r.cause == .probeKillDuringDownload)
        #expect(r.cache == CacheAssessment.Persistence.none)
        let rem = try #require(r.remediation)
        #expect(rem.persistentCacheNeeded)
        // The advice covers the estimated need, and the old budget did not.
        let advice = try #require(rem.startupProbe)
        #expect(advice.budgetSeconds >= rem.needSeconds && advice.budgetSeconds <= 2 * rem.needSeconds)
        #expect(try #require(r.budgetSeconds) < rem.needSeconds)
        #expect(rem.patch?.kubectl.hasPrefix("kubectl patch deployment deepseek-r1-distill-llama-8b -n default --type=strategic -p '") == true)
        #expect(rem.alternatives.first?.contains("PersistentVolumeClaim") == true)
    }

    @Test
    func aibrix240sBranchIsBorderline() throws {
        let entry = try #require(C.entries.first { $0.number == "04" })
        let r = try #require(Linter.lint(try C.objects(entry.file)).first)
        #expect(r.verdict == .borderline && r.budgetSeconds == 255)
        #expect(r.messages.contains { $0.contains("only on a fast link") })
    }

    @Test(arguments: ["06", "10", "11", "16", "20", "21", "22"])
    func quietOnBudget(number: String) throws {
        let entry = try #require(C.entries.first { $0.number == number })
        for r in Linter.lint(try C.objects(entry.file)) {
            #expect(r.verdict == .quiet || r.verdict == .info, "\(entry.file) \(r.container): \(r.messages)")
            #expect(r.cause == nil && r.remediation == nil)
        }
    }

    @Test(arguments: ["21", "22"])
    func nonModelWorkloadsGiveNoResult(number: String) throws {
        let entry = try #require(C.entries.first { $0.number == number })
        #expect(Linter.lint(try C.objects(entry.file)).isEmpty)
    }

    @Test func everyKubernetesFileDecodesAndLintsWithoutCrashing() throws {
        for entry in C.entries where entry.isKubernetes {
            let objects = try C.objects(entry.file)
            #expect(objects.contains { $0.kind != nil }, "\(entry.file)")
            _ = Linter.lint(objects)
        }
    }
}
