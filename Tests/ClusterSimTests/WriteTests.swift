import Foundation
import Testing
@testable import ClusterSim

@Suite struct WriteTests {
    static let lease = #"{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"restartwatch","namespace":"ops"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15}}"#

    @Test func leaseOptimisticConcurrency() async throws {
        try await withSim { sim in
            let base = "/apis/coordination.k8s.io/v1/namespaces/ops/leases"
            let missing = try await RawHTTP.request(port: sim.port, base + "/restartwatch")
            #expect(missing.json["message"] as? String == #"leases.coordination.k8s.io "restartwatch" not found"#)
            let created = try await RawHTTP.request(port: sim.port, base, method: "POST", body: Data(Self.lease.utf8))
            #expect(created.status == 201)
            let rv = try #require(Fixtures.rv(created.json))
            let dup = try await RawHTTP.request(port: sim.port, base, method: "POST", body: Data(Self.lease.utf8))
            #expect(dup.status == 409 && dup.json["reason"] as? String == "AlreadyExists")
            func update(_ rv: String, holder: String) -> Data {
                Data(#"{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"restartwatch","namespace":"ops","resourceVersion":"\#(rv)"},"spec":{"holderIdentity":"\#(holder)"}}"#.utf8)
            }
            let ok = try await RawHTTP.request(port: sim.port, base + "/restartwatch", method: "PUT", body: update(rv, holder: "b"))
            #expect(ok.status == 200)
            let stale = try await RawHTTP.request(port: sim.port, base + "/restartwatch", method: "PUT", body: update(rv, holder: "c"))
            #expect(stale.status == 409)
            #expect(stale.json["reason"] as? String == "Conflict")
            #expect(stale.json["message"] as? String == #"Operation cannot be fulfilled on leases.coordination.k8s.io "restartwatch": the object has been modified; please apply your changes to the latest version and try again"#)
            let current = Fixtures.object(try #require(sim.object(resource: "leases", namespace: "ops", name: "restartwatch")))
            #expect((current["spec"] as? [String: Any])?["holderIdentity"] as? String == "b")
        }
    }

    @Test func strategicMergePatchMergesContainersByName() async throws {
        try await withSim { sim in
            let deploy = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"llama","namespace":"ml"},"spec":{"template":{"spec":{"containers":[{"name":"vllm","image":"vllm:1"},{"name":"sidecar","image":"s:1"}]}}}}"#
            try sim.put(resource: "deployments", namespace: "ml", name: "llama", json: Data(deploy.utf8))
            let patch = #"{"spec":{"template":{"spec":{"containers":[{"name":"vllm","startupProbe":{"httpGet":{"path":"/health","port":8000},"failureThreshold":180}}]}}}}"#
            let r = try await RawHTTP.request(port: sim.port, "/apis/apps/v1/namespaces/ml/deployments/llama", method: "PATCH",
                                              headers: ["Content-Type": "application/strategic-merge-patch+json"], body: Data(patch.utf8))
            #expect(r.status == 200)
            let containers = (((r.json["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])?["containers"] as? [[String: Any]] ?? []
            #expect(containers.count == 2)
            #expect(containers.first?["image"] as? String == "vllm:1")
            #expect(containers.first?["startupProbe"] != nil)
            #expect(sim.requests.last?.contentType == "application/strategic-merge-patch+json")
        }
    }

    @Test func customResourcesRejectStrategicMergeButTakeJSONPatch() async throws {
        try await withSim { sim in
            let lws = #"{"apiVersion":"leaderworkerset.x-k8s.io/v1","kind":"LeaderWorkerSet","metadata":{"name":"big","namespace":"ml"},"spec":{"leaderWorkerTemplate":{"workerTemplate":{"spec":{"containers":[{"name":"vllm"}]}}}}}"#
            try sim.put(resource: "leaderworkersets", namespace: "ml", name: "big", json: Data(lws.utf8))
            let path = "/apis/leaderworkerset.x-k8s.io/v1/namespaces/ml/leaderworkersets/big"
            let smp = try await RawHTTP.request(port: sim.port, path, method: "PATCH",
                                                headers: ["Content-Type": "application/strategic-merge-patch+json"], body: Data("{}".utf8))
            #expect(smp.status == 415)
            #expect(smp.json["reason"] as? String == "UnsupportedMediaType")
            let jp = #"[{"op":"test","path":"/spec/leaderWorkerTemplate/workerTemplate/spec/containers/0/name","value":"vllm"},{"op":"add","path":"/spec/leaderWorkerTemplate/workerTemplate/spec/containers/0/startupProbe","value":{"periodSeconds":10}}]"#
            let ok = try await RawHTTP.request(port: sim.port, path, method: "PATCH",
                                               headers: ["Content-Type": "application/json-patch+json"], body: Data(jp.utf8))
            #expect(ok.status == 200)
            let stored = String(decoding: try #require(sim.object(resource: "leaderworkersets", namespace: "ml", name: "big")), as: UTF8.self)
            #expect(stored.contains("startupProbe"))
            let get = try await RawHTTP.request(port: sim.port, path)
            #expect(get.status == 200)
        }
    }

    @Test func discoveryListsServedResources() async throws {
        try await withSim { sim in
            let version = try await RawHTTP.request(port: sim.port, "/version")
            #expect(version.json["minor"] as? String == "32")
            let apis = try await RawHTTP.request(port: sim.port, "/apis")
            let groups = (apis.json["groups"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(groups.contains("apps") && groups.contains("coordination.k8s.io"))
            let apps = try await RawHTTP.request(port: sim.port, "/apis/apps/v1")
            let names = (apps.json["resources"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Set(names) == ["replicasets", "deployments", "statefulsets"])
            let unknown = try await RawHTTP.request(port: sim.port, "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices/x")
            #expect(unknown.status == 404)
            #expect(unknown.text == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}"#)
            let page = try await RawHTTP.request(port: sim.port, "/nothing-here")
            #expect(page.status == 404 && page.text == "404 page not found\n")
        }
    }

    @Test func largePostWithExpectContinueIsNotDelayed() async throws {
        try await withSim { sim in
            let note = String(repeating: "x", count: 4000)
            let body = #"{"apiVersion":"v1","kind":"Event","metadata":{"name":"e.1","namespace":"ml"},"involvedObject":{"kind":"Pod","name":"p","namespace":"ml"},"reason":"R","message":"\#(note)"}"#
            let file = try tempDir() + "/event.json"
            try body.write(toFile: file, atomically: true, encoding: .utf8)
            let start = Date()
            let (rc, out, _) = try await runProcess("/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json", "-H", "Expect: 100-continue", "--expect100-timeout", "10",
                                                                      "--data-binary", "@\(file)", sim.baseURL + "/api/v1/namespaces/ml/events"])
            #expect(rc == 0 && out == "201")
            #expect(Date().timeIntervalSince(start) < 5, "100 Continue sent: curl did not wait out its 10 s expect timeout")
        }
    }
}
