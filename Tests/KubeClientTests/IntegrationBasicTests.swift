import ClusterSim
import Foundation
import Testing
@testable import KubeClient

/// The libcurl client against the ClusterSim loopback API server.
@Suite(.serialized) struct IntegrationBasicTests {
    @Test func listPagesWithContinueAndServerDate() async throws {
        var options = ClusterSim.Options()
        options.startTime = Date(timeIntervalSince1970: 1_748_772_000)
        try await withSim(options) { sim in
            for i in 0..<5 { try sim.put(resource: "pods", namespace: "ml", name: "p\(i)", json: PodJSON.pod("p\(i)")) }
            let client = api(for: sim)
            let first = try await client.listPage(.pods, namespace: "ml", options: ListOptions(limit: 2), as: SimPod.self)
            #expect(first.items.map(\.object.metadata.name) == ["p0", "p1"])
            let token = try #require(first.metadata.continue)
            let second = try await client.listPage(.pods, namespace: "ml", options: ListOptions(limit: 2, continueToken: token), as: SimPod.self)
            #expect(second.items.map(\.header.key) == ["ml/p2", "ml/p3"])
            #expect(client.lastServerDate == Date(timeIntervalSince1970: 1_748_772_000))
            #expect(client.requestCounts["GET /api/v1/namespaces/ml/pods"] == 2)
            #expect(sim.requests.last?.query["continue"] == token)
        }
    }

    @Test func watchDecodesEventsAcrossRandomChunkSplits() async throws {
        var options = ClusterSim.Options()
        options.chunking = .randomSplit(seed: 7, maxChunk: 13)
        options.bookmarkInterval = 0.2
        try await withSim(options) { sim in
            let rv = try sim.put(resource: "pods", namespace: "ml", name: "a", json: PodJSON.pod("a"))
            try sim.put(resource: "pods", namespace: "ml", name: "a", json: PodJSON.pod("a", phase: "Failed"))
            try sim.delete(resource: "pods", namespace: "ml", name: "a")
            let client = api(for: sim)
            let stream = try await client.watch(.pods, namespace: "ml", options: ListOptions(
                resourceVersion: "\(rv - 1)", timeoutSeconds: 1, allowWatchBookmarks: true), as: SimPod.self)
            var kinds: [String] = []
            for try await event in stream {
                switch event {
                case .added(let o): kinds.append("ADDED \(o.object.status?.phase ?? "")")
                case .modified(let o): kinds.append("MODIFIED \(o.object.status?.phase ?? "")")
                case .deleted(let o): kinds.append("DELETED \(o.header.resourceVersion ?? "")")
                case .bookmark: if kinds.last != "BOOKMARK" { kinds.append("BOOKMARK") }
                case .error(let s): kinds.append("ERROR \(s.code ?? 0)")
                }
            }
            #expect(kinds == ["ADDED Running", "MODIFIED Failed", "DELETED \(sim.currentResourceVersion)", "BOOKMARK"])
            #expect(client.malformedWatchLines == 0)
        }
    }

    @Test func podLogsAndNoPreviousLogs() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "p", json: PodJSON.pod("p"))
            sim.appendLog(namespace: "ml", pod: "p", container: "vllm", line: "Loading safetensors shard 1/4")
            sim.appendLog(namespace: "ml", pod: "p", container: "vllm", line: "Loading safetensors shard 2/4")
            let client = api(for: sim)
            let logs = try await client.logs(namespace: "ml", pod: "p", options: LogOptions(container: "vllm", tailLines: 1))
            #expect(logs == .text("Loading safetensors shard 2/4\n"))
            let previous = try await client.logs(namespace: "ml", pod: "p", options: LogOptions(container: "vllm", previous: true))
            guard case .noPreviousLogs(let reason) = previous else { Issue.record("got \(previous)"); return }
            #expect(reason.contains("previous terminated container \"vllm\""))
            sim.rotateLog(namespace: "ml", pod: "p", container: "vllm")
            let rotated = try await client.logs(namespace: "ml", pod: "p", options: LogOptions(container: "vllm", previous: true))
            #expect(rotated == .text("Loading safetensors shard 1/4\nLoading safetensors shard 2/4\n"))
            await #expect(throws: KubeError.self) {
                _ = try await client.logs(namespace: "ml", pod: "missing", options: LogOptions())
            }
        }
    }

    @Test func createEventAndLeaseOptimisticConcurrency() async throws {
        try await withSim { sim in
            let client = api(for: sim)
            let event = CoreEvent(metadata: ObjectMeta(name: "p.1843f0c7d1a2b3c4", namespace: "ml"),
                                  involvedObject: ObjectReference(apiVersion: "v1", kind: "Pod", namespace: "ml", name: "p"),
                                  reason: "LivenessKillLoop", message: "killed while loading", type: "Warning",
                                  source: EventSource(component: "restartwatch"),
                                  firstTimestamp: "2025-06-01T10:05:00Z", lastTimestamp: "2025-06-01T10:05:00Z",
                                  reportingComponent: "restartwatch", reportingInstance: "rw-0")
            let stored = try await client.createEvent(event)
            #expect(stored.reason == "LivenessKillLoop" && stored.metadata.resourceVersion != nil)

            #expect(try await client.getLease(namespace: "ops", name: "rw") == nil)
            let lease = Lease(metadata: ObjectMeta(name: "rw", namespace: "ops"),
                              spec: LeaseSpec(holderIdentity: "a", leaseDurationSeconds: 15,
                                              renewTime: Lease.microTime(Date()), leaseTransitions: 0))
            guard case .written(let created) = try await client.createLease(lease) else { Issue.record("create"); return }
            #expect(try await client.createLease(lease) == .conflict(message: #"leases.coordination.k8s.io "rw" already exists"#))
            var mine = created
            mine.spec.holderIdentity = "b"
            guard case .written(let updated) = try await client.updateLease(mine) else { Issue.record("update"); return }
            #expect(updated.spec.holderIdentity == "b")
            // Writing again with the now-stale RV loses: 409 is an answer, not an error.
            guard case .conflict(let message) = try await client.updateLease(mine) else { Issue.record("no conflict"); return }
            #expect(message.contains("Operation cannot be fulfilled"))
            #expect(try await client.getLease(namespace: "ops", name: "rw")?.spec.holderIdentity == "b")
        }
    }

    @Test func getTypedAndUnstructured() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "p", json: PodJSON.pod("p"))
            let client = api(for: sim)
            let pod = try await client.get(.pods, namespace: "ml", name: "p", as: SimPod.self)
            #expect(pod.metadata.name == "p")
            let raw = try await client.get(.pods, namespace: "ml", name: "p", as: KubeJSON.self)
            #expect(raw["spec", "containers"] != nil)
            do {
                _ = try await client.get(.pods, namespace: "ml", name: "nope", as: SimPod.self)
                Issue.record("expected notFound")
            } catch let e as KubeError {
                #expect(e.kind == .notFound && e.message.contains(#"pods "nope" not found"#))
            }
        }
    }
}
