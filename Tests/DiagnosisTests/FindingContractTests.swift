import Foundation
import Testing
@testable import Diagnosis

/// A Finding's JSON against the output contract of ../shared/corpus/README.md.
@Suite struct FindingContractTests {
    func json(_ f: Finding) throws -> [String: Any] {
        let data = try JSONEncoder().encode(f)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    var probeKill: Finding {
        let probe = Probe(httpGet: HTTPGetAction(path: "/health", port: .int(8000)), periodSeconds: 10, failureThreshold: 54)
        let patch = Patch(target: WorkloadRef(apiVersion: "apps/v1", kind: "Deployment", name: "llama-8b", namespace: "ml"),
                          type: .strategic, body: "{}", kubectl: "kubectl patch deployment llama-8b -n ml -p '{}'", yaml: "startupProbe: {}")
        return Finding(namespace: "ml", pod: "llama-8b-6c9f7d5b8-x2kqp", container: "vllm", cause: .probeKillDuringDownload,
                       probe: .liveness, owner: WorkloadRef(kind: "Deployment", name: "llama-8b"), confidence: .high,
                       facts: [Fact(.event, "Killing: Container vllm failed liveness probe, will be restarted")],
                       remediation: Remediation(needSeconds: 360, needBasis: "measured rate", startupProbe:
                           StartupProbeAdvice(periodSeconds: 10, failureThreshold: 54, budgetSeconds: 540, probe: probe),
                                                persistentCacheNeeded: true, patch: patch, alternatives: []),
                       rule: "probe-kill.event", summary: "s")
    }

    @Test func probeKillFindingCarriesTheContractFields() throws {
        let o = try json(probeKill)
        #expect(o["namespace"] as? String == "ml")
        #expect(o["pod"] as? String == "llama-8b-6c9f7d5b8-x2kqp")
        #expect(o["container"] as? String == "vllm")
        #expect(o["cause"] as? String == "probe-kill-during-download")
        #expect(o["probe"] as? String == "liveness")
        #expect(o["confidence"] as? String == "high")
        let owner = try #require(o["owner"] as? [String: Any])
        #expect(owner["kind"] as? String == "Deployment" && owner["name"] as? String == "llama-8b")
        let facts = try #require(o["facts"] as? [[String: Any]])
        #expect(facts.first?["source"] as? String == "event" && facts.first?["text"] != nil)
        let r = try #require(o["remediation"] as? [String: Any])
        #expect(r["needSeconds"] as? Int == 360)
        let sp = try #require(r["startupProbe"] as? [String: Any])
        #expect(sp["periodSeconds"] as? Int == 10 && sp["failureThreshold"] as? Int == 54 && sp["budgetSeconds"] as? Int == 540)
        #expect(r["patch"] is [String: Any])
    }

    @Test func diagnoserFindingsUseTheCorpusVocabulary() throws {
        let e = Fx.evidence(status: Fx.looping(), events: [Fx.killing("liveness", at: 1130)])
        let o = try json(try #require(Diagnoser().diagnose(e).first))
        #expect(Cause(rawValue: o["cause"] as? String ?? "") != nil)
        #expect(["high", "medium", "low"].contains(o["confidence"] as? String ?? ""))
        let sources = (o["facts"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }
        #expect(!sources.isEmpty && sources.allSatisfy { ["spec", "status", "event", "log", "history", "computed"].contains($0) })
    }

    /// The contract says `probe` (or null), `owner` … or null, `remediation` (or null): the keys must be present.
    @Test func absentValuesAreExplicitNulls() throws {
        let f = Finding(namespace: "ml", pod: "p", container: "c", cause: .crash, confidence: .medium,
                        facts: [Fact(.log, "x")], rule: "crash.exit-code", summary: "s")
        let o = try json(f)
        #expect(o.keys.contains("probe") && o["probe"] is NSNull)
        #expect(o.keys.contains("owner") && o["owner"] is NSNull)
        #expect(o.keys.contains("remediation") && o["remediation"] is NSNull)
    }
}
