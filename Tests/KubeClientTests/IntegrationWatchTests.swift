import ClusterSim
import Foundation
import Logging
import Testing
@testable import KubeClient

/// The reflector over libcurl against ClusterSim's real chunked watch streams and faults.
@Suite(.serialized) struct IntegrationWatchTests {
    /// Starts a reflector over `client` in a child task; returns the task and the event log.
    static func startReflector(_ client: CurlKubeAPI, pageSize: Int = 500,
                               drops: Locked<[String]> = Locked([])) -> (Task<Void, Never>, EventLog<SimPod>) {
        let log = EventLog<SimPod>()
        let plain = ListWatch<SimPod>(api: client, resource: .pods, namespace: nil)
        // Records how each watch stream ended, to prove the drop path ran.
        let listWatch = ListWatch<SimPod>(list: plain.list, watch: { options in
            let stream = try await plain.watch(options)
            return WatchEventSequence {
                let iterator = Locked(stream.makeAsyncIterator())
                return {
                    var it = iterator.withLock { $0 }
                    do {
                        let event = try await it.next()
                        iterator.withLock { $0 = it }
                        return event
                    } catch let e as KubeError {
                        drops.withLock { $0.append(e.message) }
                        throw e
                    }
                }
            }
        })
        let reflector = Reflector<SimPod>(listWatch: listWatch,
                                          config: ReflectorConfig(pageSize: pageSize, seed: 3),
                                          logger: Logger(label: "test.reflector"))
        let task = Task { await reflector.run { log.append($0) } }
        return (task, log)
    }

    static func snapshots(_ log: EventLog<SimPod>) -> Int {
        log.events.filter { if case .snapshot = $0 { true } else { false } }.count
    }

    /// Issue #2 acceptance: 10,000 pods, one run, a dropped connection, an in-band 410 and a
    /// 429; the consumer ends with exactly the server's state (no lost or phantom pods).
    @Test func tenThousandPodsSurviveDropIn410And429() async throws {
        var options = ClusterSim.Options()
        options.chunking = .randomSplit(seed: 11, maxChunk: 4096)
        options.watchListDefaulting = false
        try await withSim(options) { sim in
            for i in 0..<10_000 {
                try sim.put(resource: "pods", namespace: "ns\(i % 7)", name: "pod-\(i)", json: PodJSON.pod("pod-\(i)", namespace: "ns\(i % 7)"))
            }
            let client = api(for: sim)
            let drops = Locked<[String]>([])
            let (task, log) = Self.startReflector(client, drops: drops)
            defer { task.cancel() }
            #expect(await log.wait(timeout: 60) { $0.state.count == 10_000 })
            #expect(await sim.waitForWatches(count: 1))
            // Each watch below lives past one second, so none is a "very short watch" (which relists).
            try await Task.sleep(nanoseconds: 1_200_000_000)

            // 1. A dropped connection mid-event: the next watch writes half a line, then drops.
            sim.inject(.dropNextWatchMidEvent)
            let watchesBefore = sim.requests.filter(\.isWatch).count
            sim.inject(.closeAllWatches)
            #expect(await waitUntil { sim.requests.filter(\.isWatch).count > watchesBefore && sim.activeWatchCount == 1 })
            try await Task.sleep(nanoseconds: 1_200_000_000)
            for i in 0..<50 { try sim.put(resource: "pods", namespace: "ns\(i % 7)", name: "pod-\(i)", json: PodJSON.pod("pod-\(i)", namespace: "ns\(i % 7)", phase: "Failed")) }
            for i in 50..<60 { try sim.delete(resource: "pods", namespace: "ns\(i % 7)", name: "pod-\(i)") }
            #expect(await log.wait { $0.state == PodJSON.serverState(sim) }, "after the drop")
            #expect(Self.snapshots(log) == 1, "a drop resumes, it does not relist")
            let dropMessages = drops.withLock { $0 }
            #expect(dropMessages.count == 1 && dropMessages.first?.contains("libcurl 18") == true, "\(dropMessages)")

            // 2. A 429 on the re-watch (Retry-After 1 s); while the reflector waits, history is
            //    compacted, so its resume RV draws an in-band ERROR 410 and it relists.
            try await Task.sleep(nanoseconds: 1_200_000_000)
            let snapshotsBefore = Self.snapshots(log)
            sim.inject(.respond429(retryAfter: 1, count: 1), matching: .watch)
            sim.inject(.closeAllWatches)
            let saw429 = await waitUntil { sim.requests.contains { $0.status == 429 } }
            #expect(saw429)
            for i in 100..<120 { try sim.delete(resource: "pods", namespace: "ns\(i % 7)", name: "pod-\(i)") }
            for i in 0..<5 { try sim.put(resource: "pods", namespace: "new", name: "fresh-\(i)", json: PodJSON.pod("fresh-\(i)", namespace: "new")) }
            sim.inject(.compactHistory(keepingLast: 0))
            #expect(await log.wait(timeout: 30) { Self.snapshots($0) == snapshotsBefore + 1 }, "the 410 led to a relist")
            #expect(await log.wait { $0.state == PodJSON.serverState(sim) }, "after the 410")

            // 3. Life goes on after all that.
            try sim.put(resource: "pods", namespace: "new", name: "last", json: PodJSON.pod("last", namespace: "new"))
            #expect(await log.wait { $0.state == PodJSON.serverState(sim) })
            let expectedCount = 9_976  // 10,000 - 10 deleted after the drop - 20 deleted before the 410 + 6 new
            #expect(log.state.count == expectedCount)
            let problems = log.events.compactMap { if case .problem(let e) = $0 { e.kind } else { nil } }
            #expect(problems.contains(.tooManyRequests))
            #expect(client.malformedWatchLines == 0)
            let watchRVs = sim.requests.filter(\.isWatch).compactMap { $0.query["resourceVersion"] }
            #expect(!watchRVs.contains("") && !watchRVs.contains("0"), "watches always start from a known RV")
        }
    }

    @Test func expiredContinueTokenRestartsTheList() async throws {
        try await withSim { sim in
            for i in 0..<30 { try sim.put(resource: "pods", namespace: "ml", name: "p\(i)", json: PodJSON.pod("p\(i)")) }
            let client = api(for: sim)
            let expireOnce = Locked(true)
            let listWatch = ListWatch<SimPod>(
                list: { options in
                    let page = try await client.listPage(.pods, namespace: "ml", options: options, as: SimPod.self)
                    if page.metadata.continue != nil, expireOnce.withLock({ v in defer { v = false }; return v }) {
                        sim.inject(.expireContinueTokens)
                        try sim.put(resource: "pods", namespace: "ml", name: "late", json: PodJSON.pod("late"))
                    }
                    return page
                },
                watch: { try await client.watch(.pods, namespace: "ml", options: $0, as: SimPod.self) })
            let log = EventLog<SimPod>()
            let task = Task { await Reflector(listWatch: listWatch, config: ReflectorConfig(pageSize: 10, seed: 1)).run { log.append($0) } }
            defer { task.cancel() }
            #expect(await log.wait { $0.state == PodJSON.serverState(sim) })
            #expect(Self.snapshots(log) == 1, "the half list before the 410 is never handed out")
            let lists = sim.requests.filter { !$0.isWatch && $0.path == "/api/v1/namespaces/ml/pods" }
            #expect(lists.map(\.status).contains(410))
            // RV "0" first; continue pages carry no RV; the restart after 410 is a consistent read (no RV, no token).
            let shape = lists.map { r in r.query["continue"] != nil ? "continue" : "rv=\(r.query["resourceVersion"] ?? "")" }
            #expect(shape.prefix(4) == ["rv=0", "continue", "rv=", "continue"])
        }
    }

    @Test func cancellingTheConsumerStopsTheTransferWithinMilliseconds() async throws {
        try await withSim { sim in
            let client = api(for: sim)
            let rv = try sim.put(resource: "pods", namespace: "ml", name: "a", json: PodJSON.pod("a"))
            let engineBefore = CurlEngine.shared.activeTransferCount
            let task = Task {
                let stream = try await client.watch(.pods, namespace: "ml", options: ListOptions(resourceVersion: "\(rv)"), as: SimPod.self)
                for try await _ in stream {}
            }
            #expect(await sim.waitForWatches(count: 1))
            try await Task.sleep(nanoseconds: 50_000_000)
            let start = DispatchTime.now().uptimeNanoseconds
            task.cancel()
            _ = await task.result
            let elapsedMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            // Typically under 5 ms; the bound leaves room for a loaded 2-core CI machine and still rules out
            // the easy API's ~1 s progress-callback cancellation (swift-libcurl-notes §1).
            #expect(elapsedMs < 300, "consumer returned after \(elapsedMs) ms")
            #expect(await waitUntil(timeout: 1) { CurlEngine.shared.activeTransferCount == engineBefore })
            #expect(await waitUntil(timeout: 2) { sim.activeWatchCount == 0 }, "the server saw the connection close")

            // Again, this time blocked in the body (after an event) rather than waiting for headers.
            let got = Locked(0)
            let streaming = Task {
                let stream = try await client.watch(.pods, namespace: "ml", options: ListOptions(resourceVersion: "\(rv - 1)"), as: SimPod.self)
                for try await _ in stream { got.withLock { $0 += 1 } }
            }
            #expect(await waitUntil { got.withLock { $0 } == 1 })
            try await Task.sleep(nanoseconds: 50_000_000)
            let start2 = DispatchTime.now().uptimeNanoseconds
            streaming.cancel()
            _ = await streaming.result
            let elapsed2 = Double(DispatchTime.now().uptimeNanoseconds - start2) / 1e6
            #expect(elapsed2 < 50, "consumer returned after \(elapsed2) ms")
            #expect(await waitUntil(timeout: 1) { CurlEngine.shared.activeTransferCount == engineBefore })
            #expect(await waitUntil(timeout: 2) { sim.activeWatchCount == 0 })
        }
    }

    @Test func slowConsumerKeepsBufferingBounded() async throws {
        var options = ClusterSim.Options()
        options.watchListDefaulting = true
        try await withSim(options) { sim in
            for i in 0..<2_000 { try sim.put(resource: "pods", namespace: "ml", name: "pod-\(i)", json: PodJSON.pod("pod-\(i)")) }
            let capacity = 16 << 10
            let client = api(for: sim, transport: CurlTransport(bodyBufferCapacity: capacity))
            // A list without limit: ~0.5 MB in one body, read slowly.
            let response = try await client.http.send(Requests.list(.pods, namespace: "ml", options: ListOptions()))
            var total = 0
            var maxBuffered = 0
            var chunks = 0
            for try await chunk in response.body {
                total += chunk.count
                chunks += 1
                maxBuffered = max(maxBuffered, response.body.bufferedBytes)
                if chunks % 4 == 0 { try await Task.sleep(nanoseconds: 2_000_000) }
            }
            #expect(total > 20 * capacity, "body of \(total) bytes")
            #expect(maxBuffered <= capacity + (16 << 10), "buffered up to \(maxBuffered) bytes")
            let fast = try await client.http.data(Requests.list(.pods, namespace: "ml", options: ListOptions()))
            #expect(fast.1.count == total)
        }
    }
}

/// Polls `condition` every 5 ms.
func waitUntil(timeout: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 5_000_000)
    }
    return condition()
}
