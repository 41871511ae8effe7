import ClusterSim
import Diagnosis
import Foundation
import KubeClient

/// Memory of `restartwatch watch` after syncing N pods, and `restartwatch scan` over a big cluster.
enum FootprintBench {
    /// RSS of a synced `restartwatch watch` child.
    struct Memory: Codable, Sendable {
        var pods: Int
        var rssBytes: Int
        var peakRSSBytes: Int
        /// (RSS − RSS with 0 pods) / pods; 0 for the baseline itself.
        var bytesPerPod: Double
    }

    /// A sim holding `pods` healthy generated pods (and `events` kubelet events about them).
    static func cluster(pods: Int, events: Int = 0, restartingEvery: Int = 0) async throws -> ClusterSim {
        var options = ClusterSim.Options()
        options.historyLimit = 1000
        let sim = try await ClusterSim.start(options)
        let g = PodGenerator()
        for i in 0..<pods {
            let restarting = restartingEvery > 0 && i % restartingEvery == 0
            try sim.put(resource: "pods", namespace: g.namespace(i), name: g.name(i),
                        json: g.pod(i, version: restarting ? 3 : 0, healthy: !restarting))
            if restarting {
                sim.appendLog(namespace: g.namespace(i), pod: g.name(i), container: "vllm", line: "INFO loading model weights")
            }
        }
        for e in 0..<events where pods > 0 {
            try sim.put(resource: "events", namespace: g.namespace(e % pods), name: "\(g.name(e % pods)).\(String(e, radix: 16))",
                        json: EventGenerator.event(e, pod: e % pods, generator: g))
        }
        return sim
    }

    /// Starts `restartwatch watch -A` against a sim with `pods` pods, waits for both watches, settles, reads RSS.
    static func watchRSS(executable: String, pods: Int, dir: String, steadySeconds: Double = 0) async throws
        -> (rss: Int, peak: Int, load: APILoad?) {
        let sim = try await cluster(pods: pods)
        defer { Task { try? await sim.stop() } }
        let fixtureDir = dir + "/mem-\(pods)"
        try FileManager.default.createDirectory(atPath: fixtureDir + "/state", withIntermediateDirectories: true)
        let kubeconfig = try writeKubeconfig(sim, dir: fixtureDir)
        let child = try ChildProcess(executable, ["watch", "--all-namespaces", "--kubeconfig", kubeconfig, "--metrics-address", "",
                                                  "--state-directory", fixtureDir + "/state", "--log-level", "warning"],
                                     stdout: fixtureDir + "/watch.out", stderr: fixtureDir + "/watch.err")
        let synced = await poll(600) { sim.activeWatchCount >= 2 || child.residentBytes == nil } && child.residentBytes != nil
        // Let the snapshot be consumed and transient list buffers be released.
        try await Task.sleep(for: .seconds(1))
        let rss = child.residentBytes ?? 0
        let peak = ChildProcess.procStatus(child.pid, "VmHWM:") ?? 0
        guard synced, rss > 0 else {
            child.signal(SIGTERM); _ = await child.wait()
            throw BenchError("restartwatch watch did not sync \(pods) pods (see \(fixtureDir)/watch.err)")
        }
        let load = steadySeconds > 0 && pods > 0 ? try await steady(sim, pods: pods, seconds: steadySeconds) : nil
        child.signal(SIGTERM)
        _ = await child.wait()
        return (rss, peak, load)
    }

    /// API requests of the synced daemon while one pod restarts every 2 s (new lastState + kubelet Killing event).
    struct APILoad: Codable, Sendable {
        var pods: Int
        var seconds: Double
        var restarts: Int
        var requests: Int
        var watchRequests: Int
        var logRequests: Int
        var requestsPerHour: Double
    }

    static func steady(_ sim: ClusterSim, pods: Int, seconds: Double) async throws -> APILoad {
        let g = PodGenerator()
        sim.clearRequestLog()
        let start = ContinuousClock.now
        var restarts = 0
        while (ContinuousClock.now - start).seconds < seconds {
            let i = (restarts * 7919) % pods
            try sim.put(resource: "pods", namespace: g.namespace(i), name: g.name(i), json: g.pod(i, version: restarts + 1, healthy: false))
            try sim.put(resource: "events", namespace: g.namespace(i), name: "\(g.name(i)).k\(restarts)",
                        json: EventGenerator.event(1, pod: i, generator: g))
            restarts += 1
            try await Task.sleep(for: .seconds(2))
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let r = sim.requests
        return APILoad(pods: pods, seconds: elapsed, restarts: restarts, requests: r.count, watchRequests: r.filter(\.isWatch).count,
                       logRequests: r.filter { $0.path.hasSuffix("/log") }.count, requestsPerHour: Double(r.count) / elapsed * 3600)
    }

    static func writeKubeconfig(_ sim: ClusterSim, dir: String) throws -> String {
        let path = dir + "/kubeconfig"
        let text = "apiVersion: v1\nkind: Config\ncurrent-context: sim\nclusters:\n- name: sim\n  cluster:\n    server: \(sim.baseURL)\n"
            + "users:\n- name: nobody\n  user: {}\ncontexts:\n- name: sim\n  context:\n    cluster: sim\n    user: nobody\n    namespace: default\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// One timed child run against a sim: wall seconds, peak RSS, API requests, exit status.
    struct Run: Codable, Sendable {
        var tool: String
        var seconds: Double
        var peakRSSBytes: Int
        var requests: Int
        var status: Int32
        var skipped: String?
    }

    /// `restartwatch scan -A -o json`, then `kubectl get pods -A -o json` over the same sim.
    static func scan(executable: String, pods: Int, events: Int, dir: String, peers: Bool) async throws -> [Run] {
        let sim = try await cluster(pods: pods, events: events, restartingEvery: 100)
        defer { Task { try? await sim.stop() } }
        let kubeconfig = try writeKubeconfig(sim, dir: dir)
        // Untimed warm-up: ClusterSim parses an object's selectable fields on first use (a real API
        // server keeps them decoded), so whichever tool first listed events by involvedObject.kind
        // would pay ~2 s for the simulator, not for itself.
        let warm = IngestBench.api(sim)
        var options = ListOptions(fieldSelector: "involvedObject.kind=Pod")
        options.limit = 500
        while true {
            let page = try await warm.listPage(.events, namespace: nil, options: options, as: ObjectHeader.self)
            guard let next = page.metadata.continue, !next.isEmpty else { break }
            options.continueToken = next
        }
        var runs = [try await timed(sim, "restartwatch scan", executable,
                                    ["scan", "--all-namespaces", "--kubeconfig", kubeconfig, "-o", "json"], dir: dir)]
        if peers {
            if let k = PeerBench.kubectlPath() {
                runs.append(try await timed(sim, "kubectl get pods -A -o json", k, ["get", "pods", "-A", "-o", "json", "--server", sim.baseURL,
                                                                                     "--cache-dir", dir + "/kcache-\(UUID().uuidString.prefix(6))"], dir: dir))
            } else {
                runs.append(Run(tool: "kubectl get pods -A -o json", seconds: 0, peakRSSBytes: 0, requests: 0, status: 0, skipped: "kubectl not found"))
            }
        }
        return runs
    }

    private static func timed(_ sim: ClusterSim, _ tool: String, _ path: String, _ args: [String], dir: String) async throws -> Run {
        sim.clearRequestLog()
        let tag = tool.split(separator: " ").first.map(String.init) ?? "tool"
        let clock = ContinuousClock()
        let start = clock.now
        let child = try ChildProcess(path, args, stdout: "/dev/null", stderr: dir + "/\(tag)-scan.err")
        let exit = await child.wait()
        let seconds = (clock.now - start).seconds
        // scan: 0 nothing found, 1 findings; 2 is an error.
        guard exit.status == 0 || exit.status == 1 else { throw BenchError("\(tool) exited \(exit.status) (see \(dir)/\(tag)-scan.err)") }
        return Run(tool: tool, seconds: seconds, peakRSSBytes: exit.maxRSS, requests: sim.requests.count, status: exit.status)
    }
}

/// Kubelet-style core/v1 Events about the generated pods (probe failures, kills, back-offs, pulls).
enum EventGenerator {
    static func event(_ e: Int, pod i: Int, generator g: PodGenerator) -> Data {
        let kinds: [(String, String, String)] = [
            ("Warning", "Unhealthy", "Liveness probe failed: Get \\\"http://10.8.3.17:8000/health\\\": dial tcp 10.8.3.17:8000: connect: connection refused"),
            ("Normal", "Killing", "Container vllm failed liveness probe, will be restarted"),
            ("Warning", "BackOff", "Back-off restarting failed container vllm in pod \(g.name(i))_\(g.namespace(i))(uid)"),
            ("Normal", "Pulling", "Pulling image \\\"vllm/vllm-openai:v0.6.4\\\""),
            ("Normal", "Started", "Started container vllm"),
        ]
        let (type, reason, message) = kinds[e % kinds.count]
        let h = String(i, radix: 16)
        let uid = "5f0c2a1e-7b3d-4c8e-9a6f-" + String(repeating: "0", count: max(0, 12 - h.count)) + h
        let text = """
        {"kind":"Event","apiVersion":"v1","metadata":{"name":"\(g.name(i)).\(String(e, radix: 16))","namespace":"\(g.namespace(i))"},\
        "involvedObject":{"kind":"Pod","namespace":"\(g.namespace(i))","name":"\(g.name(i))","uid":"\(uid)","apiVersion":"v1",\
        "fieldPath":"spec.containers{vllm}"},"reason":"\(reason)","message":"\(message)","source":{"component":"kubelet","host":"gpu-node-\(i % 97)"},\
        "firstTimestamp":"2026-11-29T09:10:00Z","lastTimestamp":"2026-11-29T09:\(10 + e % 40):00Z","count":\(1 + e % 7),"type":"\(type)",\
        "reportingComponent":"kubelet","reportingInstance":"gpu-node-\(i % 97)"}
        """
        return Data(text.utf8)
    }
}
