import Foundation
import Testing
@testable import Diagnosis

/// Every bundle of ../shared/corpus/cases, diagnosed as `scan --from` would, against case.json `expected`.
@Suite struct CorpusDiagnosisTests {
    @Test func corpusIsPresent() {
        #expect(CorpusCase.ids().count >= 30, "corpus not found at \(CorpusCase.casesDirectory.path)")
    }

    @Test(arguments: CorpusCase.ids())
    func diagnosisIsAcceptable(_ id: String) throws {
        let bundle = try CorpusCase.load(id)
        try Self.check(bundle, Diagnoser().diagnose(all: bundle.evidence))
    }

    static func check(_ bundle: CorpusCase, _ findings: [Finding]) throws {
        let e = bundle.expected
        let expectedCause = try #require(Cause(rawValue: e.cause))
        // The hard rule: never blame a probe when the established cause is something else.
        if !expectedCause.isProbeKill {
            let blamed = findings.filter { $0.cause.isProbeKill }
            #expect(blamed.isEmpty, "\(bundle.id): probe blamed: \(blamed.map { "\($0.container) \($0.cause.rawValue) [\($0.rule)]" })")
        }
        if let pod = e.pod, let container = e.container {
            let mine = findings.filter { $0.pod == pod && $0.container == container }
            #expect(mine.count <= 1, "\(bundle.id): more than one finding for \(container)")
            let answer = mine.first?.cause.rawValue ?? "none"
            #expect(e.acceptable.contains(answer), "\(bundle.id): answered \(answer) [\(mine.first?.rule ?? "-")], acceptable \(e.acceptable); facts: \(mine.first?.facts.map(\.text) ?? [])")
            if let probe = e.probe, let f = mine.first, f.cause == expectedCause {
                #expect(f.probe?.rawValue == probe, "\(bundle.id): probe \(String(describing: f.probe)) expected \(probe)")
            }
        } else {
            for f in findings {
                #expect(e.acceptable.contains(f.cause.rawValue), "\(bundle.id): \(f.container) answered \(f.cause.rawValue), acceptable \(e.acceptable)")
            }
        }
        for f in findings {
            #expect(!f.facts.isEmpty, "\(bundle.id): finding without facts")
        }
    }
}
