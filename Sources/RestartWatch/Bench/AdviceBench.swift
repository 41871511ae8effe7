import ClusterSim
import Diagnosis
import Foundation

/// Time to advice: `restartwatch watch` as a child with a webhook; ClusterSim plays many independent
/// startup-probe-kill stories in accelerated time; each finding's latency is measured from the moment the
/// sim recorded the latest `Killing` event of that namespace to the webhook's arrival.
enum AdviceBench {
    /// Latencies over all findings of one run.
    struct Result: Codable, Sendable {
        /// Whether the daemon fetched previous logs before advising (`logs.enabled`).
        var logFetch: Bool
        var stories: Int
        var findings: Int
        var speed: Double
        var p50ms: Double
        var p99ms: Double
        var maxms: Double
        /// From the sim writing the pod update that follows that kill (the restart) to the webhook: restartwatch's
        /// own share, without the kubelet's grace period played at `speed`.
        var fromUpdateP50ms: Double
        var fromUpdateP99ms: Double
        /// restartwatch's own share: from the moment its watch delivered the trigger (the payload's
        /// `triggeredAt`) to the webhook's arrival, both on this machine's wall clock.
        var ownP50ms: Double
        var ownP99ms: Double
        /// API requests the daemon made during the run (watches, log fetches, owner GETs, Event POSTs).
        var requests: Int
        var logRequests: Int
    }

    static func run(executable: String, stories: Int, speed: Double, logFetch: Bool, dir: String) async throws -> Result {
        let sim = try await ClusterSim.start()
        let hook = try await HookReceiver.start()
        defer { Task { try? await sim.stop(); await hook.stop() } }
        let work = dir + "/advice-\(logFetch ? "logs" : "nologs")"
        try FileManager.default.createDirectory(atPath: work + "/state", withIntermediateDirectories: true)
        let kubeconfig = try FootprintBench.writeKubeconfig(sim, dir: work)
        let config = work + "/config.json"
        try Data("""
        {"stateDirectory": "\(work)/state", "metricsAddress": "", "logs": {"enabled": \(logFetch)},
         "notifiers": {"webhook": {"url": {"fromEnv": "RW_BENCH_HOOK"}, "timeoutSeconds": 5, "maxAttempts": 3}}}
        """.utf8).write(to: URL(fileURLWithPath: config))
        let child = try ChildProcess(executable, ["watch", "--all-namespaces", "--kubeconfig", kubeconfig, "--config", config,
                                                  "--log-level", "warning"],
                                     environment: ["RW_BENCH_HOOK": hook.url], stdout: work + "/watch.out", stderr: work + "/watch.err")
        guard await poll(30, { sim.activeWatchCount >= 2 || child.residentBytes == nil }), child.residentBytes != nil else {
            throw BenchError("restartwatch watch did not start (see \(work)/watch.err)")
        }
        sim.clearRequestLog()
        let scenarios = (0..<stories).map { k -> Scenario in
            var s = Scenario.startupProbeKillDuringLoad(seed: UInt64(100 + k))
            s.namespace = "advice-\(k)"
            return s
        }
        let (kills, updates) = try await play(scenarios, sim: sim, speed: speed,
                                   simulatedSeconds: (scenarios.first?.expected.observeAfterSeconds ?? 600) + 120)
        try await Task.sleep(for: .seconds(2)) // last deliveries
        let requests = sim.requests
        child.signal(SIGTERM)
        _ = await child.wait()
        var latencies: [Double] = [], fromUpdate: [Double] = [], own: [Double] = []
        for d in hook.deliveries {
            let (at, body) = (d.at, d.body)
            guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let finding = json["finding"] as? [String: Any], let ns = finding["namespace"] as? String,
                  let kill = kills[ns]?.last(where: { $0 <= at }) else { continue }
            latencies.append((at - kill).seconds * 1000)
            if let t = json["triggeredAt"] as? String, let seen = KubeTime(rfc3339: t) { own.append((d.wallAt - seen.seconds) * 1000) }
            if let u = updates[ns]?.last(where: { $0 <= at && $0 >= kill }) { fromUpdate.append((at - u).seconds * 1000) }
        }
        guard !latencies.isEmpty else { throw BenchError("no finding reached the webhook (see \(work)/watch.err)") }
        return Result(logFetch: logFetch, stories: stories, findings: latencies.count, speed: speed, p50ms: quantile(latencies, 0.5),
                      p99ms: quantile(latencies, 0.99), maxms: latencies.max() ?? 0,
                      fromUpdateP50ms: quantile(fromUpdate, 0.5), fromUpdateP99ms: quantile(fromUpdate, 0.99),
                      ownP50ms: quantile(own, 0.5), ownP99ms: quantile(own, 0.99), requests: requests.count,
                      logRequests: requests.filter { $0.path.hasSuffix("/log") }.count)
    }

    /// Nearest-rank quantile; 0 for no samples.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let v = values.sorted()
        return v.isEmpty ? 0 : v[min(v.count - 1, Int((Double(v.count - 1) * q).rounded()))]
    }

    typealias Times = [String: [ContinuousClock.Instant]]

    /// Plays the stories like ScenarioRunner, noting when each `Killing` event and each pod update was written.
    private static func play(_ scenarios: [Scenario], sim: ClusterSim, speed: Double,
                             simulatedSeconds: Double) async throws -> (kills: Times, updates: Times) {
        let start = sim.now
        var players = scenarios.map { ScenarioPlayer(scenario: $0, start: start) }
        let wallStart = ContinuousClock.now
        let end = start.addingTimeInterval(simulatedSeconds)
        var kills: Times = [:], updates: Times = [:]
        while true {
            let horizon = min(start.addingTimeInterval((ContinuousClock.now - wallStart).seconds * speed), end)
            sim.setNow(horizon)
            var batch: [TimedAction] = []
            for i in players.indices { batch += players[i].advance(to: horizon) }
            batch.sort { $0.time < $1.time }
            for a in batch {
                try? sim.apply(a.action)
                switch a.action {
                case .recordEvent(let e) where e.reason == "Killing": kills[e.namespace, default: []].append(ContinuousClock.now)
                case .putObject("pods", let ns?, _, _): updates[ns, default: []].append(ContinuousClock.now)
                default: break
                }
            }
            if horizon >= end { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        return (kills, updates)
    }
}
