import Diagnosis
import Foundation
import Testing
@testable import RestartWatch

/// What each notifier sends, byte for byte where it matters.
@Suite struct NotifierPayloadTests {
    func notification() -> RestartWatch.Notification {
        var tracker = IncidentTracker()
        var f = makeFinding()
        f.remediation?.patch = Patch(target: WorkloadRef(kind: "Deployment", name: "llama-8b", namespace: "ml"), type: .strategic,
                                     body: "{}", kubectl: "kubectl patch deployment llama-8b -n ml --type=strategic -p '{}'", yaml: "")
        let (inc, change) = tracker.record(f, at: KubeTime(seconds: 1_750_000_000))
        return RestartWatch.Notification(incident: inc, change: change)
    }

    @Test func webhookCarriesTheFindingContract() throws {
        let data = try JSONEncoder.sortedKeys.encode(WebhookPayload(notification()))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["event"] as? String == "opened")
        #expect(json["state"] as? String == "confirmed")
        #expect(json["version"] as? Int == 1)
        let f = try #require(json["finding"] as? [String: Any])
        for key in ["namespace", "pod", "container", "cause", "probe", "owner", "confidence", "facts", "remediation"] {
            #expect(f.keys.contains(key), "finding lacks \(key)")
        }
        let r = try #require(f["remediation"] as? [String: Any])
        let s = try #require(r["startupProbe"] as? [String: Any])
        #expect(s["budgetSeconds"] as? Int == 600)
    }

    @Test func slackMessageIsReadableBlocksWithThePatch() throws {
        let data = try SlackMessage.body(notification())
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((json["text"] as? String)?.contains("probe-kill-during-download") == true)
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        let texts = blocks.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        #expect(texts.contains { $0.contains("```kubectl patch deployment llama-8b") })
        #expect(texts.contains { $0.contains("startupProbe: periodSeconds 10 × failureThreshold 60 = 600 s") })
    }

    @Test func kubernetesEventFitsTheAPILimits() {
        let n = notification()
        #expect(KubernetesEventNotifier.reason(for: n.incident.finding, resolved: false) == "ProbeKillDuringDownload")
        let m = KubernetesEventNotifier.message(n)
        #expect(m.hasPrefix("restartwatch: "))
        #expect(m.count <= 1024)
        #expect(m.contains("failureThreshold 60"))
    }

    @Test func scanYAMLOutputParses() async throws {
        let dir = TestPaths.corpus.appendingPathComponent("cases/039-llm-d-inference-sim-45-liveness-404-missing-endpoint").path
        let r = try await BinaryRunner.run(["scan", "--from", dir, "-o", "yaml"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("cause: other"))
        #expect(r.stdout.contains("findings:"))
    }
}
