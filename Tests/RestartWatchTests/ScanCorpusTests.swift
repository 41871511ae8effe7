import Foundation
import Testing

/// `restartwatch scan --from` over every corpus bundle, through the real binary: the answer must be
/// acceptable, and a probe-kill answer on a bundle whose cause is something else is never acceptable.
@Suite struct ScanCorpusTests {
    static let cases: [String] = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.corpus.appendingPathComponent("cases").path)
        .filter { $0.first?.isNumber == true }.sorted()) ?? []

    struct Expected: Decodable {
        var cause: String
        var pod: String?
        var container: String?
        var acceptable: [String]
    }
    struct Case: Decodable {
        var expected: Expected
        var observedAt: String
    }

    @Test func corpusIsPresent() {
        #expect(Self.cases.count >= 30, "expected the shared corpus at \(TestPaths.corpus.path)")
    }

    @Test(arguments: cases)
    func scanGivesAnAcceptableAnswer(_ id: String) async throws {
        let dir = TestPaths.corpus.appendingPathComponent("cases/\(id)")
        let c = try JSONDecoder().decode(Case.self, from: Data(contentsOf: dir.appendingPathComponent("case.json")))
        let r = try await BinaryRunner.run(["scan", "--from", dir.path, "--now", c.observedAt, "-o", "json"])
        let hasObjects = (try FileManager.default.subpathsOfDirectory(atPath: dir.path)).contains { $0.hasSuffix("pods.json") || $0.hasSuffix("events.json") }
        if !hasObjects {
            // A bundle without any object is not a dump: a clear error (exit 2), never a finding.
            #expect(r.status == 2, "\(id): \(r.stderr)")
            #expect(r.stderr.contains("no <namespace>/pods.json"))
            #expect(c.expected.acceptable.contains("none"))
            return
        }
        #expect(r.status == 0 || r.status == 1, "\(id): exit \(r.status): \(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(r.status == (findings.isEmpty ? 0 : 1))
        for f in findings {
            let cause = f["cause"] as? String ?? "?"
            let probeKill = cause.hasPrefix("probe-kill")
            if probeKill { #expect(c.expected.cause.hasPrefix("probe-kill"), "\(id): wrong probe blame \(cause)") }
            for key in ["namespace", "pod", "container", "cause", "probe", "owner", "confidence", "facts", "remediation"] {
                #expect(f.keys.contains(key), "\(id): finding lacks \(key)")
            }
        }
        let mine = findings.filter { f in
            (c.expected.pod == nil || f["pod"] as? String == c.expected.pod)
                && (c.expected.container == nil || f["container"] as? String == c.expected.container)
        }
        if mine.isEmpty {
            #expect(c.expected.acceptable.contains("none"), "\(id): no finding, but 'none' is not acceptable (\(c.expected.acceptable))")
        } else {
            for f in mine {
                #expect(c.expected.acceptable.contains(f["cause"] as? String ?? ""), "\(id): \(f["cause"] ?? "") not in \(c.expected.acceptable)")
            }
        }
    }
}
