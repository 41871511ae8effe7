import Foundation
import Testing

/// `restartwatch lint` through the real binary over the corpus manifests, against INDEX.json.
@Suite struct LintCommandTests {
    struct IndexEntry: Decodable {
        var file: String
        var kinds: [String]
        var expected_lint: String
    }

    static var index: [IndexEntry] {
        let url = TestPaths.corpus.appendingPathComponent("manifests/INDEX.json")
        return (try? JSONDecoder().decode([IndexEntry].self, from: Data(contentsOf: url))) ?? []
    }

    @Test(arguments: index.map(\.file))
    func lintMatchesTheIndex(_ file: String) async throws {
        let entry = try #require(Self.index.first { $0.file == file })
        let path = TestPaths.corpus.appendingPathComponent("manifests/\(file)").path
        let r = try await BinaryRunner.run(["lint", path, "-o", "json"])
        let notKubernetes = entry.kinds.allSatisfy { $0.contains("not a Kubernetes object") || $0.contains("unrendered") }
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(file): \(r.stderr)")
        let results = try #require(report["results"] as? [[String: Any]])
        let errors = try #require(report["errors"] as? [[String: Any]])
        if notKubernetes {
            // Values files and unrendered templates: a clear error and exit 2, never a crash or a budget.
            #expect(r.status == 2)
            #expect(results.isEmpty)
            let message = errors.first?["message"] as? String ?? ""
            #expect(message.contains("not a Kubernetes manifest"), "\(file): \(message)")
            #expect(r.stderr.contains(file))
            return
        }
        #expect(errors.isEmpty, "\(file): \(errors)")
        let verdicts = results.compactMap { $0["verdict"] as? String }
        let expected = entry.expected_lint
        if expected.hasPrefix("FLAG") {
            #expect(verdicts.contains("flag"), "\(file): \(verdicts)")
            #expect(r.status == 1)
            let flagged = try #require(results.first { $0["verdict"] as? String == "flag" })
            #expect(flagged["cause"] as? String == "probe-kill-during-download")
            #expect(flagged["remediation"] is [String: Any])
        } else if expected.hasPrefix("BORDERLINE") {
            #expect(verdicts.contains("borderline"), "\(file): \(verdicts)")
            #expect(r.status == 1)
        } else {
            #expect(!verdicts.contains("flag") && !verdicts.contains("borderline"), "\(file): \(verdicts)")
            #expect(r.status == 0, "\(file): exit \(r.status)")
        }
    }

    @Test func standardInputAndTextOutput() async throws {
        let path = TestPaths.corpus.appendingPathComponent("manifests/01-aibrix-quickstart-deepseek-r1-distill-llama-8b-v0.2.0.yaml")
        let r = try await BinaryRunner.run(["lint", "-"], stdin: try Data(contentsOf: path))
        #expect(r.status == 1)
        #expect(r.stdout.contains("FLAG -: Deployment/deepseek-r1-distill-llama-8b container vllm-openai, kill budget 135 s"))
        #expect(r.stdout.contains("kubectl patch deployment deepseek-r1-distill-llama-8b"))
    }

    @Test func missingFileIsASpecificError() async throws {
        let r = try await BinaryRunner.run(["lint", "/nonexistent/manifest.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/manifest.yaml: no such file or directory"))
    }
}
