import Foundation
import Testing
@testable import ClusterSim

/// Starts a sim, runs `body`, always stops it.
func withSim(_ options: ClusterSim.Options = .init(), _ body: (ClusterSim) async throws -> Void) async throws {
    try await ClusterSim.run(options, body)
}

@Suite struct ListTests {
    @Test func listPaginatesWithContinueAndRemainingItemCount() async throws {
        var options = ClusterSim.Options()
        options.startTime = Date(timeIntervalSince1970: 1_748_772_000)  // 2025-06-01T10:00:00Z
        try await withSim(options) { sim in
            for i in 0..<5 { try sim.put(resource: "pods", namespace: "ml", name: "p\(i)", json: Fixtures.pod("p\(i)")) }
            let first = try await RawHTTP.request(port: sim.port, "/api/v1/pods?limit=2")
            #expect(first.status == 200)
            #expect(first.header("Date") == "Sun, 01 Jun 2025 10:00:00 GMT")
            #expect(first.header("Cache-Control") == "no-cache, private")
            let meta = try #require(first.json["metadata"] as? [String: Any])
            #expect(first.json["kind"] as? String == "PodList")
            #expect((first.json["items"] as? [Any])?.count == 2)
            #expect((first.json["items"] as? [[String: Any]])?.first?["kind"] == nil, "built-in list items carry no TypeMeta")
            #expect(meta["remainingItemCount"] as? Int == 3)
            let rv = try #require(meta["resourceVersion"] as? String)
            #expect(rv == "\(sim.currentResourceVersion)")
            var token = try #require(meta["continue"] as? String)
            var names: [String] = (first.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
            while true {
                let page = try await RawHTTP.request(port: sim.port, "/api/v1/pods?limit=2&continue=\(token)")
                let m = try #require(page.json["metadata"] as? [String: Any])
                #expect(m["resourceVersion"] as? String == rv)
                names += (page.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
                guard let next = m["continue"] as? String else {
                    #expect(m["remainingItemCount"] == nil)
                    break
                }
                token = next
            }
            #expect(names == ["p0", "p1", "p2", "p3", "p4"])
        }
    }

    @Test func expiredContinueTokenIsHTTP410() async throws {
        try await withSim { sim in
            for i in 0..<3 { try sim.put(resource: "pods", namespace: "ml", name: "p\(i)", json: Fixtures.pod("p\(i)")) }
            let first = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods?limit=1")
            let token = try #require((first.json["metadata"] as? [String: Any])?["continue"] as? String)
            sim.inject(.expireContinueTokens)
            let expired = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods?limit=1&continue=\(token)")
            #expect(expired.status == 410)
            #expect(expired.json["reason"] as? String == "Expired")
            #expect(expired.json["message"] as? String == "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
            #expect(expired.json["kind"] as? String == "Status")
        }
    }

    @Test func selectorsFilterAndUnknownFieldLabelIs400() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a", labels: ["app": "llama"]))
            try sim.put(resource: "pods", namespace: "ml", name: "b", json: Fixtures.pod("b", labels: ["app": "qwen"], phase: "Pending"))
            try sim.put(resource: "pods", namespace: "other", name: "c", json: Fixtures.pod("c", namespace: "other"))
            let byLabel = try await RawHTTP.request(port: sim.port, "/api/v1/pods?labelSelector=app%3Dqwen")
            #expect((byLabel.json["items"] as? [Any])?.count == 1)
            let byField = try await RawHTTP.request(port: sim.port, "/api/v1/pods?fieldSelector=status.phase%3DRunning,metadata.namespace%3Dml")
            let items = byField.json["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String } == ["a"])
            let nsScoped = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/other/pods")
            #expect((nsScoped.json["items"] as? [Any])?.count == 1)
            let bad = try await RawHTTP.request(port: sim.port, "/api/v1/pods?fieldSelector=spec.bogus%3Dx")
            #expect(bad.status == 400)
            #expect(bad.json["message"] as? String == "field label not supported: spec.bogus")
        }
    }

    @Test func getMissingPodIsExact404() async throws {
        try await withSim { sim in
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods/x")
            #expect(r.status == 404)
            #expect(r.text == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}"#)
        }
    }

    @Test func storeFillsMetadataAndKeepsUIDAcrossUpdates() async throws {
        var options = ClusterSim.Options()
        options.startTime = Date(timeIntervalSince1970: 1_748_772_030)
        try await withSim(options) { sim in
            let rv1 = try sim.put(resource: "pods", namespace: "ml", name: "p", json: Fixtures.pod("p"))
            let first = Fixtures.object(try #require(sim.object(resource: "pods", namespace: "ml", name: "p")))
            let meta = try #require(first["metadata"] as? [String: Any])
            #expect(meta["creationTimestamp"] as? String == "2025-06-01T10:00:30Z")
            #expect(meta["resourceVersion"] as? String == "\(rv1)")
            sim.advance(by: 60)
            let rv2 = try sim.put(resource: "pods", namespace: "ml", name: "p", json: Fixtures.pod("p", phase: "Failed"))
            #expect(rv2 > rv1)
            let second = Fixtures.object(try #require(sim.object(resource: "pods", namespace: "ml", name: "p")))
            let meta2 = try #require(second["metadata"] as? [String: Any])
            #expect(meta2["uid"] as? String == meta["uid"] as? String)
            #expect(meta2["creationTimestamp"] as? String == "2025-06-01T10:00:30Z")
            #expect((second["status"] as? [String: Any])?["phase"] as? String == "Failed")
        }
    }
}
