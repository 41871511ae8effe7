import Foundation
import Testing
@testable import ClusterSim

@Suite struct FaultTests {
    @Test func tooManyRequestsIsPlainTextWithRetryAfter() async throws {
        try await withSim { sim in
            sim.inject(.respond429(retryAfter: 3, count: 2), matching: .list)
            let get = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods/x")
            #expect(get.status == 404, "a GET does not match the .list filter")
            for _ in 0..<2 {
                let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods")
                #expect(r.status == 429)
                #expect(r.header("Retry-After") == "3")
                #expect(r.header("Content-Type") == "text/plain; charset=utf-8")
                #expect(r.text == "Too many requests, please try again later.\n")
            }
            let ok = try await RawHTTP.request(port: sim.port, "/api/v1/pods")
            #expect(ok.status == 200)
            #expect(sim.requests.map(\.status) == [404, 429, 429, 200])
        }
    }

    @Test func storageInitializingIsJSON429() async throws {
        try await withSim { sim in
            sim.inject(.storageInitializing(retryAfter: 2), matching: .watch)
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true")
            #expect(r.status == 429)
            #expect(r.header("Retry-After") == "2")
            #expect(r.text == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"storage is (re)initializing","reason":"TooManyRequests","details":{"retryAfterSeconds":2},"code":429}"#)
        }
    }

    @Test func serverErrorsAreJSONStatus() async throws {
        try await withSim { sim in
            sim.inject(.respond5xx(code: 503, count: 1, retryAfter: 2))
            sim.inject(.respond5xx(code: 500))
            let r503 = try await RawHTTP.request(port: sim.port, "/api/v1/pods")
            #expect(r503.status == 503)
            #expect(r503.json["reason"] as? String == "ServiceUnavailable")
            #expect(r503.header("Retry-After") == "2")
            let r500 = try await RawHTTP.request(port: sim.port, "/api/v1/pods")
            #expect(r500.status == 500)
            #expect(r500.json["reason"] as? String == "InternalError")
            #expect(r500.json["code"] as? Int == 500)
        }
    }

    @Test func stallDelaysTheResponse() async throws {
        try await withSim { sim in
            sim.inject(.stall(seconds: 0.6), matching: .pathContains("/pods"))
            let start = Date()
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/pods")
            #expect(r.status == 200)
            #expect(Date().timeIntervalSince(start) >= 0.55)
        }
    }

    @Test func dropMidEventLeavesAPartialLineAndNoChunkTerminator() async throws {
        try await withSim { sim in
            let rv = sim.currentResourceVersion
            sim.inject(.dropNextWatchMidEvent)
            let r = try await watch(sim, "/api/v1/pods?watch=true&resourceVersion=\(rv)&timeoutSeconds=5") {
                try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a"))
            }
            #expect(r.status == 200)
            #expect(!r.complete)
            #expect(!r.body.isEmpty)
            #expect(r.body.last != UInt8(ascii: "\n"))
            #expect(r.lines.isEmpty)
        }
    }

    @Test func immediateCloseAndHTTP410OnWatch() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a"))
            sim.inject(.closeNextWatchImmediately)
            let closed = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=0")
            #expect(closed.status == 200 && closed.complete && closed.body.isEmpty)
            sim.inject(.respond410())
            let list = try await RawHTTP.request(port: sim.port, "/api/v1/pods")
            #expect(list.status == 200, "respond410 only hits watch requests")
            let gone = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=5")
            #expect(gone.status == 410)
            #expect(gone.json["reason"] as? String == "Expired")
        }
    }

    @Test func closeAllWatchesEndsOpenStreamsCleanly() async throws {
        try await withSim { sim in
            let start = Date()
            let r = try await watch(sim, "/api/v1/pods?watch=true&resourceVersion=\(sim.currentResourceVersion)") {
                sim.inject(.closeAllWatches)
            }
            #expect(r.complete)
            // Without the fault this watch would last 30–60 min; a generous bound keeps a loaded CI machine green.
            #expect(Date().timeIntervalSince(start) < 30)
        }
    }

    @Test func slowWatcherCanBeAwaited() async throws {
        try await withSim { sim in
            let rv = sim.currentResourceVersion
            let task = Task { try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(rv)&timeoutSeconds=2") }
            #expect(await sim.waitForWatches(count: 1))
            for i in 0..<200 { try sim.put(resource: "pods", namespace: "ml", name: "p\(i)", json: Fixtures.pod("p\(i)")) }
            #expect(await sim.waitForWatchers(timeout: 5))
            let r = try await task.value
            #expect(types(r).count == 200)
        }
    }
}
