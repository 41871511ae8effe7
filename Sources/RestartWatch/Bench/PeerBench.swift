import ClusterSim
import Foundation

/// The peers over the same kind of stream: kubectl and the official Python client.
enum PeerBench {
    /// One peer run, or why it was skipped.
    struct Result: Codable, Sendable {
        var peer: String
        var mode: String
        var events: Int
        var bytes: Int
        var seconds: Double
        var peakRSSBytes: Int
        var skipped: String?
        var mbPerSecond: Double

        init(peer: String, mode: String, events: Int, bytes: Int, seconds: Double, peakRSSBytes: Int, skipped: String? = nil) {
            (self.peer, self.mode, self.events, self.bytes, self.seconds) = (peer, mode, events, bytes, seconds)
            (self.peakRSSBytes, self.skipped) = (peakRSSBytes, skipped)
            mbPerSecond = seconds > 0 ? Double(bytes) / 1e6 / seconds : 0
        }

        static func skip(_ peer: String, _ why: String) -> Result {
            Result(peer: peer, mode: "-", events: 0, bytes: 0, seconds: 0, peakRSSBytes: 0, skipped: why)
        }
    }

    /// kubectl skips the discovery dispatcher when called as a versioned binary (swift-libcurl-notes §4).
    static func kubectlPath() -> String? {
        ChildProcess.which("/usr/lib/google-cloud-sdk/bin/kubectl.1.32") ?? ChildProcess.which("kubectl")
    }

    /// `kubectl get pods -A -w -o json --output-watch-events` while a producer writes the stream (kubectl
    /// cannot start a watch at an old resourceVersion, so it runs live); timed until it has printed the
    /// last event and exited after the sim closed the watch.
    static func kubectl(_ f: StreamFixture, dir: String) async throws -> Result {
        guard let path = kubectlPath() else { return .skip("kubectl", "kubectl not found on PATH") }
        let cache = dir + "/kubectl-cache-\(UUID().uuidString.prefix(8))"
        let child = try ChildProcess(path, ["get", "pods", "-A", "-w", "-o", "json", "--output-watch-events",
                                            "--server", f.sim.baseURL, "--cache-dir", cache],
                                     stdout: "/dev/null", stderr: dir + "/kubectl.err")
        guard await f.sim.waitForWatches(count: 1, timeout: 300) else {
            child.signal(SIGKILL); _ = await child.wait()
            return .skip("kubectl", "kubectl did not open its watch (see \(dir)/kubectl.err)")
        }
        f.prepare()
        let clock = ContinuousClock()
        let start = clock.now
        let bytes = try f.produce()
        _ = await f.sim.waitForWatchers(timeout: 600)
        f.sim.inject(.closeAllWatches)
        let exit = await child.wait()
        let seconds = (clock.now - start).seconds
        guard exit.status == 0 else { throw BenchError("kubectl exited \(exit.status) (see \(dir)/kubectl.err)") }
        return Result(peer: "kubectl", mode: "live", events: f.events, bytes: bytes, seconds: seconds, peakRSSBytes: exit.maxRSS)
    }

    /// `watch.Watch().stream(list_pod_for_all_namespaces, resource_version=…)` replaying the preloaded stream.
    /// The script times itself from just before `stream()` (interpreter start-up excluded).
    static func python(_ f: StreamFixture, python: String, dir: String) async throws -> Result {
        let script = dir + "/python_watch.py"
        try Data(pythonScript.utf8).write(to: URL(fileURLWithPath: script))
        let out = dir + "/python.out"
        let child = try ChildProcess(python, [script, f.sim.baseURL, String(f.startRV), String(f.events)],
                                     stdout: out, stderr: dir + "/python.err")
        let exit = await child.wait()
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let parts = text.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard exit.status == 0, parts.count == 2, let count = Int(parts[0]), let seconds = Double(parts[1]) else {
            throw BenchError("python peer exited \(exit.status), output \"\(text)\" (see \(dir)/python.err)")
        }
        return Result(peer: "python-kubernetes", mode: "replay", events: count, bytes: f.bytes, seconds: seconds,
                      peakRSSBytes: exit.maxRSS)
    }

    /// Nil when `python -c 'import kubernetes'` works, else why not.
    static func pythonProblem(_ python: String, dir: String) async -> String? {
        guard let path = ChildProcess.which(python) else { return "\(python) not found" }
        guard let child = try? ChildProcess(path, ["-c", "import kubernetes"], stdout: "/dev/null", stderr: dir + "/python-import.err")
        else { return "cannot run \(path)" }
        let exit = await child.wait()
        return exit.status == 0 ? nil : "\(python) cannot import kubernetes (pip install kubernetes, or scripts/bench makes a venv)"
    }

    static let pythonScript = """
    import sys, time
    from kubernetes import client, watch
    cfg = client.Configuration()
    cfg.host = sys.argv[1]
    api = client.CoreV1Api(client.ApiClient(cfg))
    want = int(sys.argv[3])
    count = 0
    w = watch.Watch()
    start = time.perf_counter()
    for ev in w.stream(api.list_pod_for_all_namespaces, resource_version=sys.argv[2], allow_watch_bookmarks=False):
        if ev["type"] == "MODIFIED":
            count += 1
            if count >= want:
                w.stop()
                break
    print(count, time.perf_counter() - start)
    """
}
