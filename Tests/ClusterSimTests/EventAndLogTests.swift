import Foundation
import Testing
@testable import ClusterSim

@Suite struct EventAndLogTests {
    static let t0 = Date(timeIntervalSince1970: 1_748_772_060)  // 2025-06-01T10:01:00Z

    func unhealthy(_ time: Date, message: String = "Liveness probe failed: connection refused") -> KubeletEvent {
        KubeletEvent(namespace: "ml", podName: "llama-0", podUID: "uid-1", container: "vllm", type: "Warning",
                     reason: "Unhealthy", message: message, time: time, host: "gpu-node-3")
    }

    @Test func exactRepeatIncrementsCountAsModified() async throws {
        try await withSim { sim in
            let rv = sim.currentResourceVersion
            let r = try await watch(sim, "/api/v1/namespaces/ml/events?watch=true&resourceVersion=\(rv)&timeoutSeconds=3") {
                try sim.apply(.recordEvent(unhealthy(Self.t0)))
                try sim.apply(.recordEvent(unhealthy(Self.t0 + 10)))
                try sim.apply(.recordEvent(unhealthy(Self.t0 + 20, message: "Liveness probe failed: timeout")))
            }
            #expect(types(r) == ["ADDED", "MODIFIED", "ADDED"])
            let events = sim.objects(resource: "events").map(Fixtures.object)
            #expect(events.count == 2)
            let first = try #require(events.first { ($0["message"] as? String)?.hasSuffix("refused") == true })
            #expect(first["count"] as? Int == 2)
            #expect(first["firstTimestamp"] as? String == "2025-06-01T10:01:00Z")
            #expect(first["lastTimestamp"] as? String == "2025-06-01T10:01:10Z")
            #expect(first["eventTime"] is NSNull)
            #expect(first["reportingComponent"] as? String == "kubelet")
            #expect(first["reportingInstance"] as? String == "gpu-node-3")
            let involved = try #require(first["involvedObject"] as? [String: Any])
            #expect(involved["fieldPath"] as? String == "spec.containers{vllm}")
            #expect(involved["uid"] as? String == "uid-1")
            let name = try #require((first["metadata"] as? [String: Any])?["name"] as? String)
            #expect(name == "llama-0.\(String(UInt64(Self.t0.timeIntervalSince1970 * 1_000_000_000), radix: 16))")
            let bySelector = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/events?fieldSelector=involvedObject.uid%3Duid-1,reason%3DUnhealthy")
            #expect((bySelector.json["items"] as? [Any])?.count == 2)
        }
    }

    @Test func postedEventIsCreatedAndDuplicateNameConflicts() async throws {
        try await withSim { sim in
            let body = Data(#"{"apiVersion":"v1","kind":"Event","metadata":{"name":"p.1","namespace":"ml"},"involvedObject":{"kind":"Pod","name":"p","namespace":"ml"},"reason":"LivenessKillLoop","message":"m","type":"Warning","source":{"component":"restartwatch"},"reportingComponent":"restartwatch","reportingInstance":"rw-0"}"#.utf8)
            let created = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/events", method: "POST",
                                                    headers: ["Content-Type": "application/json"], body: body)
            #expect(created.status == 201)
            #expect(Fixtures.rv(created.json) != nil)
            let again = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/events", method: "POST",
                                                  headers: ["Content-Type": "application/json"], body: body)
            #expect(again.status == 409)
            #expect(again.json["message"] as? String == #"events "p.1" already exists"#)
            #expect(sim.requests.first?.body == body)
        }
    }

    @Test func logsCurrentPreviousAndErrors() async throws {
        var options = ClusterSim.Options()
        options.startTime = Self.t0
        try await withSim(options) { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Fixtures.pod("llama-0"))
            let base = "/api/v1/namespaces/ml/pods/llama-0/log"
            sim.appendLog(namespace: "ml", pod: "llama-0", container: "vllm", line: "Downloading shard 1")
            let noPrev = try await RawHTTP.request(port: sim.port, base + "?previous=true")
            #expect(noPrev.status == 400)
            #expect(noPrev.json["message"] as? String == #"previous terminated container "vllm" in pod "llama-0" not found"#)
            #expect(noPrev.json["reason"] as? String == "BadRequest")
            try sim.apply(.rotateLog(namespace: "ml", pod: "llama-0", container: "vllm"))
            sim.advance(by: 100)
            for i in 1...3 { try sim.apply(.appendLog(namespace: "ml", pod: "llama-0", container: "vllm", line: "line \(i)")) }
            let prev = try await RawHTTP.request(port: sim.port, base + "?previous=true")
            #expect(prev.status == 200)
            #expect(prev.header("Content-Type") == "text/plain")
            #expect(prev.text == "Downloading shard 1\n")
            let tail = try await RawHTTP.request(port: sim.port, base + "?container=vllm&tailLines=2")
            #expect(tail.text == "line 2\nline 3\n")
            let limited = try await RawHTTP.request(port: sim.port, base + "?limitBytes=3")
            #expect(limited.text == "lin")
            let stamped = try await RawHTTP.request(port: sim.port, base + "?tailLines=1&timestamps=true")
            #expect(stamped.text == "2025-06-01T10:02:40.000000000Z line 3\n")
            let bad = try await RawHTTP.request(port: sim.port, base + "?tailLines=-1")
            #expect(bad.status == 422)
            let unknown = try await RawHTTP.request(port: sim.port, base + "?container=nope")
            #expect(unknown.json["message"] as? String == "container nope is not valid for pod llama-0")
        }
    }

    @Test func logsNeedAContainerNameWithSeveralContainersAndUnscheduledIs204() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "two", json: Fixtures.pod("two", containers: ["vllm", "sidecar"]))
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods/two/log")
            #expect(r.status == 400)
            #expect(r.json["message"] as? String == "a container name must be specified for pod two, choose one of: [vllm sidecar]")
            try sim.put(resource: "pods", namespace: "ml", name: "pending", json: Fixtures.pod("pending", phase: "Pending", node: nil))
            let unscheduled = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods/pending/log")
            #expect(unscheduled.status == 204)
            let missing = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods/ghost/log")
            #expect(missing.status == 404)
        }
    }
}
