import Foundation
import Testing
@testable import ClusterSim

/// Opens a watch in the background, waits until the server registered it, runs `during`, returns the body.
func watch(_ sim: ClusterSim, _ target: String, during: () throws -> Void = {}) async throws -> RawResponse {
    let before = sim.activeWatchCount
    let task = Task { try await RawHTTP.request(port: sim.port, target) }
    _ = await sim.waitForWatches(count: before + 1, timeout: 5)
    try during()
    return try await task.value
}

func types(_ r: RawResponse) -> [String] { r.lines.compactMap { $0["type"] as? String } }

@Suite struct WatchTests {
    @Test func watchFromZeroSendsCurrentStateThenChanges() async throws {
        var options = ClusterSim.Options()
        options.watchListDefaulting = false
        try await withSim(options) { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a"))
            let r = try await watch(sim, "/api/v1/pods?watch=true&resourceVersion=0&timeoutSeconds=3") {
                try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a", phase: "Failed"))
            }
            #expect(r.status == 200)
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.header("Transfer-Encoding") == "chunked")
            #expect(r.complete, "timeoutSeconds ends the stream cleanly")
            #expect(types(r) == ["ADDED", "MODIFIED"])
            let object = try #require(r.lines.last?["object"] as? [String: Any])
            #expect(object["kind"] as? String == "Pod")
            #expect(object["apiVersion"] as? String == "v1")
            #expect(Fixtures.rv(object) == "\(sim.currentResourceVersion)")
            #expect(r.text.hasSuffix("}\n"))
        }
    }

    @Test func resumeDeliversOnlyLaterEventsAndDeletedCarriesDeleteRV() async throws {
        try await withSim { sim in
            let rv = try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a"))
            try sim.put(resource: "pods", namespace: "ml", name: "b", json: Fixtures.pod("b"))
            try sim.delete(resource: "pods", namespace: "ml", name: "a")
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods?watch=1&resourceVersion=\(rv)&timeoutSeconds=1")
            #expect(types(r) == ["ADDED", "DELETED"])
            let deleted = try #require(r.lines.last?["object"] as? [String: Any])
            #expect(Fixtures.rv(deleted) == "\(sim.currentResourceVersion)")
            #expect((deleted["metadata"] as? [String: Any])?["name"] as? String == "a")
        }
    }

    @Test func tooOldResourceVersionIsInBand410() async throws {
        try await withSim { sim in
            let old = try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a"))
            for i in 0..<5 { try sim.put(resource: "pods", namespace: "ml", name: "p\(i)", json: Fixtures.pod("p\(i)")) }
            sim.inject(.compactHistory(keepingLast: 2))
            let oldestKept = sim.currentResourceVersion - 1
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(old - 1)&allowWatchBookmarks=true")
            #expect(r.status == 200)
            #expect(r.complete)
            #expect(r.text == "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: \(old - 1) (\(oldestKept - 1))\",\"reason\":\"Expired\",\"code\":410}}\n")
            let ev = try await RawHTTP.request(port: sim.port, "/api/v1/events?watch=true&resourceVersion=\(old - 1)")
            #expect((ev.lines.first?["object"] as? [String: Any])?["message"] as? String == "The resourceVersion for the provided watch is too old.")
            // Still-retained RVs resume fine.
            let ok = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(oldestKept - 1)&timeoutSeconds=1")
            #expect(types(ok) == ["ADDED", "ADDED"])
        }
    }

    @Test func bookmarksHaveThePodShapeAndAreNotSentForEvents() async throws {
        var options = ClusterSim.Options()
        options.bookmarkInterval = 0.3
        try await withSim(options) { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a"))
            let rv = sim.currentResourceVersion
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(rv)&allowWatchBookmarks=true&timeoutSeconds=1")
            #expect(types(r).contains("BOOKMARK"))
            #expect(types(r).allSatisfy { $0 == "BOOKMARK" })
            let line = try #require(r.text.split(separator: "\n").first)
            #expect(line == "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"\(rv)\"},\"spec\":{\"containers\":null},\"status\":{}}}")
            let none = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(rv)&timeoutSeconds=1")
            #expect(none.body.isEmpty, "no bookmarks unless allowWatchBookmarks=true")
            let events = try await RawHTTP.request(port: sim.port, "/api/v1/events?watch=true&resourceVersion=\(rv)&allowWatchBookmarks=true&timeoutSeconds=1")
            #expect(events.body.isEmpty, "event watches are etcd-backed: no bookmarks")
        }
    }

    @Test func bookmarkJustBeforeTimeout() async throws {
        try await withSim { sim in
            let rv = try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a"))
            let started = Date()
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(rv)&allowWatchBookmarks=true&timeoutSeconds=3")
            #expect(Date().timeIntervalSince(started) >= 2.9)
            #expect(types(r) == ["BOOKMARK"])
            #expect(r.complete)
        }
    }

    @Test func sendInitialEventsEndsWithAnnotatedBookmark() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a"))
            try sim.put(resource: "pods", namespace: "ml", name: "b", json: Fixtures.pod("b"))
            let rv = sim.currentResourceVersion
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1")
            #expect(types(r) == ["ADDED", "ADDED", "BOOKMARK"])
            let meta = try #require((r.lines.last?["object"] as? [String: Any])?["metadata"] as? [String: Any])
            #expect(meta["resourceVersion"] as? String == "\(rv)")
            #expect((meta["annotations"] as? [String: String])?["k8s.io/initial-events-end"] == "true")
            let bad = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&sendInitialEvents=true")
            #expect(bad.status == 422)
            #expect((bad.json["message"] as? String)?.contains("sendInitialEvents requires setting resourceVersionMatch to NotOlderThan") == true)
        }
    }

    @Test func randomSplitCutsEventsAcrossChunks() async throws {
        var options = ClusterSim.Options()
        options.chunking = .randomSplit(seed: 7, maxChunk: 50)
        try await withSim(options) { sim in
            let rv = sim.currentResourceVersion
            for i in 0..<4 { try sim.put(resource: "pods", namespace: "ml", name: "p\(i)", json: Fixtures.pod("p\(i)")) }
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(rv)&timeoutSeconds=1")
            #expect(types(r) == ["ADDED", "ADDED", "ADDED", "ADDED"])
            #expect(r.chunks.count > 8)
            #expect(r.chunks.allSatisfy { $0.count <= 50 })
            #expect(r.chunks.contains { !$0.isEmpty && $0.last != UInt8(ascii: "\n") }, "some chunk ends mid-event")
        }
    }

    @Test func coalescedPutsSeveralEventsInOneChunk() async throws {
        var options = ClusterSim.Options()
        options.chunking = .coalesced
        try await withSim(options) { sim in
            let rv = sim.currentResourceVersion
            for i in 0..<3 { try sim.put(resource: "pods", namespace: "ml", name: "p\(i)", json: Fixtures.pod("p\(i)")) }
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(rv)&timeoutSeconds=1")
            #expect(r.chunks.count == 1)
            #expect(types(r).count == 3)
        }
    }

    @Test func selectorsFilterWatchEvents() async throws {
        try await withSim { sim in
            let rv = sim.currentResourceVersion
            let r = try await watch(sim, "/api/v1/namespaces/ml/pods?watch=true&resourceVersion=\(rv)&labelSelector=app%20in%20(qwen)&timeoutSeconds=3") {
                try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a", labels: ["app": "llama"]))
                try sim.put(resource: "pods", namespace: "ml", name: "b", json: Fixtures.pod("b", labels: ["app": "qwen"]))
                try sim.put(resource: "pods", namespace: "other", name: "c", json: Fixtures.pod("c", namespace: "other", labels: ["app": "qwen"]))
            }
            #expect(r.lines.compactMap { (($0["object"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String } == ["b"])
            let ev = try await watch(sim, "/api/v1/events?watch=true&resourceVersion=\(rv)&fieldSelector=reason%3DKilling&timeoutSeconds=3") {
                for reason in ["Unhealthy", "Killing"] {
                    try sim.apply(.recordEvent(KubeletEvent(namespace: "ml", podName: "b", podUID: "u", container: "vllm",
                                                            type: "Normal", reason: reason, message: reason, time: sim.now)))
                }
            }
            #expect(ev.lines.compactMap { ($0["object"] as? [String: Any])?["reason"] as? String } == ["Killing"])
        }
    }

    @Test func futureResourceVersionIs504AndWatchIsLogged() async throws {
        var options = ClusterSim.Options()
        options.startTime = Date(timeIntervalSince1970: 1_748_772_000)
        try await withSim(options) { sim in
            let future = sim.currentResourceVersion + 100
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(future)")
            #expect(r.status == 504)
            #expect(r.json["message"] as? String == "Too large resource version: \(future), current: \(sim.currentResourceVersion)")
            #expect(r.header("Retry-After") == "1")
            let ok = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&timeoutSeconds=1")
            #expect(ok.header("Date") == "Sun, 01 Jun 2025 10:00:00 GMT")
            let logged = try #require(sim.requests.last)
            #expect(logged.isWatch && logged.status == 200 && logged.query["timeoutSeconds"] == "1")
        }
    }
}
