import Foundation
import Testing
@testable import Diagnosis

/// The verbatim objects of kubernetes-facts §3.7 (status after a liveness kill, in back-off) and §3.8
/// (Unhealthy, Killing, BackOff events), decoded and assembled exactly as a dump would be.
@Suite struct KubeletJSONFixtureTests {
    static let podJSON = #"""
    {"kind":"PodList","items":[{"metadata":{"name":"llama-8b-6c9f7d5b8-x2kqp","namespace":"ml","uid":"0f6d8a52-3c1b-4e7a-9d2f-7a1b2c3d4e5f",
      "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"llama-8b-6c9f7d5b8","uid":"rs-1","controller":true,"blockOwnerDeletion":true}],
      "managedFields":[{"manager":"kube-controller-manager"}]},
     "spec":{"containers":[{"name":"vllm","image":"docker.io/vllm/vllm-openai:v0.8.5",
        "args":["--model","meta-llama/Llama-3.1-8B-Instruct"],
        "livenessProbe":{"httpGet":{"path":"/health","port":8000},"initialDelaySeconds":15,"periodSeconds":10,"failureThreshold":3,"timeoutSeconds":1}}],
      "terminationGracePeriodSeconds":30},
     "status":{"phase":"Running","containerStatuses":[{
      "name": "vllm",
      "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container=vllm pod=llama-8b-6c9f7d5b8-x2kqp_ml(0f6d8a52-3c1b-4e7a-9d2f-7a1b2c3d4e5f)"}},
      "lastState": {"terminated": {"exitCode": 137, "reason": "Error", "startedAt": "2025-06-01T10:06:02Z", "finishedAt": "2025-06-01T10:07:18Z", "containerID": "containerd://77aa01b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"}},
      "ready": false, "restartCount": 4, "image": "docker.io/vllm/vllm-openai:v0.8.5",
      "imageID": "docker.io/vllm/vllm-openai@sha256:4f1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100ff",
      "containerID": "containerd://77aa01b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8", "started": false}]}}]}
    """#

    static func event(_ name: String, _ reason: String, _ message: String, _ type: String, count: Int, first: String, last: String) -> String {
        #"""
        {"kind":"Event","apiVersion":"v1","metadata":{"name":"llama-8b-6c9f7d5b8-x2kqp.\#(name)","namespace":"ml","resourceVersion":"48369"},
         "involvedObject":{"kind":"Pod","namespace":"ml","name":"llama-8b-6c9f7d5b8-x2kqp","uid":"0f6d8a52-3c1b-4e7a-9d2f-7a1b2c3d4e5f","apiVersion":"v1","resourceVersion":"48233","fieldPath":"spec.containers{vllm}"},
         "reason":"\#(reason)","message":\#(message),"source":{"component":"kubelet","host":"gpu-node-3"},
         "firstTimestamp":"\#(first)","lastTimestamp":"\#(last)","count":\#(count),"type":"\#(type)","eventTime":null,"reportingComponent":"kubelet","reportingInstance":"gpu-node-3"}
        """#
    }

    static var eventsJSON: String {
        let items = [
            event("1843f0b2a9c7d3e1", "Unhealthy", #""Liveness probe failed: Get \"http://10.42.1.17:8000/health\": dial tcp 10.42.1.17:8000: connect: connection refused""#, "Warning", count: 12, first: "2025-06-01T10:01:00Z", last: "2025-06-01T10:06:57Z"),
            event("1843f0b7c41e2a90", "Killing", #""Container vllm failed liveness probe, will be restarted""#, "Normal", count: 4, first: "2025-06-01T10:01:20Z", last: "2025-06-01T10:06:47Z"),
            event("1843f1a0d2c3b4e5", "BackOff", #""Back-off restarting failed container vllm in pod llama-8b-6c9f7d5b8-x2kqp_ml(0f6d8a52-3c1b-4e7a-9d2f-7a1b2c3d4e5f)""#, "Warning", count: 4, first: "2025-06-01T10:07:19Z", last: "2025-06-01T10:07:49Z"),
            event("1843f0a0a0a0a0a0", "Created", #""Container created""#, "Normal", count: 5, first: "2025-06-01T10:00:35Z", last: "2025-06-01T10:06:02Z"),
        ]
        return #"{"kind":"EventList","items":["# + items.joined(separator: ",") + "]}"
    }

    func evidence(previousLog: String? = nil) throws -> Evidence {
        let pods = try JSONDecoder().decode(KubeList<Pod>.self, from: Data(Self.podJSON.utf8)).items
        let events = try JSONDecoder().decode(KubeList<EventRecord>.self, from: Data(Self.eventsJSON.utf8)).items
        let previous = previousLog.map(LogBlocks.parse) ?? []
        let observedAt = try #require(KubeTime(rfc3339: "2025-06-01T10:07:50Z"))
        let all = EvidenceAssembler.assemble(pods: pods, events: events, previousLogs: previous, observedAt: observedAt)
        return try #require(all.first)
    }

    @Test func livenessKillLoopFromVerbatimObjects() throws {
        let e = try evidence()
        #expect(e.events.count == 4)
        // 10:06:02 → 10:07:18 = 76 s; window 15 + 2 × 10 = 35 … 15 + 30 + 1 + 30 grace = 76 s.
        let container = try #require(e.pod.container(named: "vllm"))
        let b = try #require(ProbeBudget.killBudget(for: container, podGraceSeconds: 30))
        #expect(b.explainsRun(seconds: 76))
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(f.cause.isProbeKill && f.probe == .liveness && f.rule == "probe-kill.event")
        #expect(f.facts.contains { $0.source == .event && $0.text == "Killing (x4): Container vllm failed liveness probe, will be restarted" })
        #expect(f.facts.contains { $0.source == .status && $0.text.contains("ran 76 s") })
        #expect(f.owner?.kind == "Deployment" && f.owner?.name == "llama-8b") // inferred from the ReplicaSet name (facts §8.2)
    }

    @Test func previousLogDecidesTheDownloadPhase() throws {
        let log = """
        ==== START logs for container vllm of pod ml/llama-8b-6c9f7d5b8-x2kqp ====
        INFO 06-01 10:06:10 weight_utils.py:252] Using model weights format ['*.safetensors']
        model-00001-of-00004.safetensors:  13% 650M/4.98G [00:09<01:01, 70.4MB/s]
        model-00002-of-00004.safetensors:   9% 450M/5.00G [00:09<01:04, 70.4MB/s]
        ==== END logs for container vllm of pod ml/llama-8b-6c9f7d5b8-x2kqp ====
        """
        let f = try #require(Diagnoser().diagnose(try evidence(previousLog: log)).first)
        #expect(f.cause == .probeKillDuringDownload && f.confidence == .high)
        #expect(f.facts.contains { $0.source == .log && $0.text.contains("model-0000") })
        let r = try #require(f.remediation)
        #expect(r.startupProbe.map { $0.budgetSeconds >= r.needSeconds } == true)
        #expect(r.patch?.target.name == "llama-8b")
    }
}
