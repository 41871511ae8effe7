import ClusterSim
import Diagnosis
import Foundation

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
    static func watchRSS(executable: String, pods: Int, dir: String) async throws -> (rss: Int, peak: Int) {
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
        try await Task.sleep(for: .seconds(2))
        let rss = child.residentBytes ?? 0
        let peak = ChildProcess.procStatus(child.pid, "VmHWM:") ?? 0
        child.signal(SIGTERM)
        _ = await child.wait()
        guard synced, rss > 0 else { throw BenchError("restartwatch watch did not sync \(pods) pods (see \(fixtureDir)/watch.err)") }
        return (rss, peak)
    }

    static func writeKubeconfig(_ sim: ClusterSim, dir: String) throws -> String {
        let path = dir + "/kubeconfig"
        let text = "apiVersion: v1\nkind: Config\ncurrent-context: sim\nclusters:\n- name: sim\n  cluster:\n    server: \(sim.baseURL)\n"
            + "users:\n- name: nobody\n  user: {}\ncontexts:\n- name: sim\n  context:\n    cluster: sim\n    user: nobody\n    namespace: default\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// PodTracker alone: pods decoded one at a time and fed to a tracker; this process's RSS growth / pods.
    static func trackerBytesPerPod(pods: Int) throws -> Double {
        let g = PodGenerator()
        let decoder = JSONDecoder()
        var tracker = PodTracker()
        let before = ChildProcess.procStatus(getpid(), "VmRSS:") ?? 0
        for i in 0..<pods {
            let pod = try decoder.decode(Pod.self, from: g.pod(i, version: i % 3, healthy: i % 3 == 0))
            _ = tracker.update(pod, now: KubeTime(seconds: 0), notReadyAfterSeconds: 900)
        }
        let after = ChildProcess.procStatus(getpid(), "VmRSS:") ?? 0
        let perPod = Double(after - before) / Double(max(pods, 1))
        withExtendedLifetime(tracker) {}
        return perPod
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
