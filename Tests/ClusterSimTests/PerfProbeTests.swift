import Foundation
import Testing
@testable import ClusterSim

func say(_ items: Any...) {
    FileHandle.standardError.write(Data((items.map { "\($0)" }.joined(separator: " ") + "\n").utf8))
}

/// Large objects at volume: LIST and a watch stream stay complete and byte-exact. Set
/// CLUSTERSIM_PERF=N to scale up and print timings (N=10000 ≈ the benchmark's LIST size).
@Suite struct PerfProbeTests {
    static func bigPod(_ name: String, padding: Int) -> Data {
        let env = (0..<padding / 60).map { #"{"name":"VAR_\#($0)","value":"\#(String(repeating: "x", count: 30))"}"# }
        return Data(#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"\#(name)","namespace":"ml","labels":{"app":"llama"}},"spec":{"containers":[{"name":"vllm","image":"vllm","env":[\#(env.joined(separator: ","))]}]},"status":{"phase":"Running"}}"#.utf8)
    }

    @Test func tenKilobytePodsListAndStream() async throws {
        let n = Int(ProcessInfo.processInfo.environment["CLUSTERSIM_PERF"] ?? "") ?? 300
        var options = ClusterSim.Options()
        options.historyLimit = 10 * n
        try await withSim(options) { sim in
            let pod = Self.bigPod("p0", padding: 10_000)
            var t = Date()
            for i in 0..<n { try sim.put(resource: "pods", namespace: "ml", name: "p\(i)", json: Self.bigPod("p\(i)", padding: 10_000)) }
            say("\(n) puts", Date().timeIntervalSince(t))
            t = Date()
            let list = try await RawHTTP.request(port: sim.port, "/api/v1/pods")
            say("LIST \(n)", Date().timeIntervalSince(t), list.body.count)
            #expect((list.json["items"] as? [Any])?.count == n)
            let rv = sim.currentResourceVersion
            let task = Task { try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true&resourceVersion=\(rv)&timeoutSeconds=120") }
            #expect(await sim.waitForWatches(count: 1))
            t = Date()
            for _ in 0..<(2 * n) { try sim.put(resource: "pods", namespace: "ml", name: "p0", json: pod) }
            say("\(2 * n) MODIFIED puts", Date().timeIntervalSince(t))
            #expect(await sim.waitForWatchers(timeout: 120))
            say("\(2 * n) delivered", Date().timeIntervalSince(t))
            sim.inject(.closeAllWatches)
            let r = try await task.value
            let lines = r.text.split(separator: "\n")
            #expect(lines.count == 2 * n)
            #expect(lines.last.map { Fixtures.rv(Fixtures.object(Data($0.utf8))["object"] as? [String: Any] ?? [:]) } == "\(sim.currentResourceVersion)")
        }
    }
}
