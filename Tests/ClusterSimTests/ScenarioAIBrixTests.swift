import Foundation
import Testing
@testable import ClusterSim

/// The AIBrix quickstart kill loop (the demo): timing, statuses, events, logs and back-off.
@Suite struct ScenarioAIBrixTests {
    static let played = PlayedScenario(.aibrixQuickstart(), seconds: 2400)

    /// Start times of each container instance (Started events) and kill decisions (Killing events).
    var starts: [Date] { Self.played.events(reason: "Started").map(\.time) }
    var kills: [Date] { Self.played.events(reason: "Killing").map(\.time) }

    @Test func killsLandInsideTheLivenessWindowAfterEachStart() throws {
        let (i, p, f, t) = (120.0, 5.0, 3.0, 1.0)
        #expect(kills.count >= 8)
        for kill in kills {
            let start = try #require(starts.last { $0 < kill })
            let after = kill.timeIntervalSince(start)
            // kubernetes-facts §3.3: t0 + I + (F−1)·P ≤ t_kill < t0 + I + F·P + T.
            #expect(after >= i + (f - 1) * p && after < i + f * p + t, "kill \(after) s after start")
        }
        #expect(Self.played.events(reason: "Killing").allSatisfy {
            $0.message == "Container vllm-openai failed liveness probe, will be restarted" && $0.type == "Normal" })
    }

    @Test func lastStateHoldsThePreviousInstanceAndRestartCountIncrements() throws {
        let running = Self.played.containerStatuses.filter { field($0.status, "state", "running") != nil }
        var seen: [(count: Int, started: Date, id: String)] = []
        for (_, status) in running {
            let count = try #require(status["restartCount"] as? Int)
            let started = try #require(kubeDate(field(status, "state", "running", "startedAt")))
            let id = try #require(status["containerID"] as? String)
            if let last = seen.last, last.count == count { continue }
            if let previous = seen.last {
                #expect(count == previous.count + 1)
                #expect(id != previous.id)
                let last = try #require(field(status, "lastState", "terminated") as? [String: Any])
                #expect(last["containerID"] as? String == previous.id)
                #expect(kubeDate(last["startedAt"]) == previous.started)
                #expect(last["exitCode"] as? Int == 0 && last["reason"] as? String == "Completed")
                let finished = try #require(kubeDate(last["finishedAt"]))
                let run = finished.timeIntervalSince(previous.started)
                #expect(run >= 129 && run <= 138, "run lasted \(run) s")
            } else {
                #expect(count == 0 && (status["lastState"] as? [String: Any])?.isEmpty == true)
            }
            seen.append((count, started, id))
        }
        #expect(seen.count >= 8)
    }

    @Test func unhealthyEventsDedupIntoOneGrowingKey() {
        let liveness = Self.played.events(reason: "Unhealthy").filter { $0.message.hasPrefix("Liveness probe failed:") }
        let messages = Set(liveness.map(\.message))
        #expect(messages == ["Liveness probe failed: Get \"http://10.42.1.17:8000/health\": dial tcp 10.42.1.17:8000: connect: connection refused"])
        let counts = Self.played.dedupedEventCounts.filter { $0.key.contains("Liveness probe failed") }
        #expect(counts.count == 1)
        #expect((counts.values.first ?? 0) == 3 * kills.count)
        #expect(liveness.allSatisfy { $0.type == "Warning" && $0.container == "vllm-openai" && $0.host == "gpu-node-3" })
    }

    @Test func restartsAreImmediateUntilTheBackOffWindowOutgrowsTheCycle() throws {
        let statuses = Self.played.containerStatuses
        let waiting = statuses.compactMap { field($0.status, "state", "waiting", "message") as? String }
        let player = Self.played.player
        let desc = "\(player.podName)_default(\(player.podUID))"
        // 10, 20, 40, 80 s windows are shorter than a ≈135 s cycle; 160 s is the first to refuse (§3.6).
        #expect(waiting.first == "back-off 2m40s restarting failed container=vllm-openai pod=\(desc)")
        #expect(waiting.contains("back-off 5m0s restarting failed container=vllm-openai pod=\(desc)"))
        let exits = kills.map { $0.addingTimeInterval(1.2) }
        let gaps = exits.compactMap { exit in starts.first { $0 > exit }.map { $0.timeIntervalSince(exit) } }
        #expect(gaps.prefix(6).allSatisfy { $0 < 1 }, "first six restarts immediate: \(gaps)")
        #expect(gaps[6] >= 160 && gaps[6] < 172, "gap \(gaps[6])")
        let backOff = Self.played.events(reason: "BackOff")
        #expect(backOff.allSatisfy { $0.message == "Back-off restarting failed container vllm-openai in pod \(desc)" })
        #expect(backOff.count > 10)
    }

    @Test func crashLoopBackOffStatusHasTheKubeletShape() throws {
        let put = try #require(Self.played.containerStatuses.first { field($0.status, "state", "waiting", "reason") as? String == "CrashLoopBackOff" })
        let s = put.status
        #expect(s["ready"] as? Bool == false && s["started"] as? Bool == false)
        let last = try #require(field(s, "lastState", "terminated") as? [String: Any])
        // While in back-off, containerID and restartCount stay those of the dead instance (§3.7).
        #expect(s["containerID"] as? String == last["containerID"] as? String)
        #expect(s["restartCount"] as? Int == 6)
        #expect(s["imageID"] as? String == Scenario.vllmImageID)
        let pod = try #require(Self.played.podPuts.first { $0.time == put.time }?.json)
        #expect(field(pod, "status", "phase") as? String == "Running")
    }

    @Test func everyInstanceDownloadsFromZeroAndEndsWithKeyboardInterrupt() throws {
        let logs = Self.played.logsByInstance
        #expect(logs.count >= 8)
        for log in logs.dropLast() {
            #expect(log.contains("model-00001-of-000002.safetensors:   0% 0.00/8.67G [00:00<?, ?B/s]"))
            #expect(log.last == "KeyboardInterrupt: terminated")
            let last = try #require(log.last { $0.hasPrefix("model-00001-of-000002.safetensors:") })
            #expect(last.contains("/8.67G [01:5") || last.contains("/8.67G [02:0"), "\(last)")
            #expect(!log.contains { $0.contains("Loading safetensors checkpoint shards") })
        }
        #expect(logs[0].contains { $0.contains("args: Namespace(") && $0.contains("model='deepseek-ai/DeepSeek-R1-Distill-Llama-8B'") })
    }

    @Test func firstStartPullsTheImage() throws {
        let pulled = try #require(Self.played.events(reason: "Pulled").first)
        #expect(pulled.message == "Successfully pulled image \"vllm/vllm-openai:v0.7.1\" in 1m34.312s "
                + "(1m34.312s including waiting). Image size: 16525161745 bytes.")
        #expect(Self.played.events(reason: "Pulled").dropFirst().allSatisfy {
            $0.message == "Container image \"vllm/vllm-openai:v0.7.1\" already present on machine" })
        let scheduled = try #require(Self.played.events.first)
        #expect(scheduled.reason == "Scheduled" && scheduled.component == "default-scheduler" && scheduled.container == nil)
        #expect(Self.played.events(reason: "Created").first?.message == "Created container: vllm-openai")
    }

    @Test func ignoringSIGTERMEndsWith137AfterTheGracePeriod() throws {
        var scenario = Scenario.aibrixQuickstart()
        scenario.behaviour.sigterm = .ignores
        let played = PlayedScenario(scenario, seconds: 600)
        let kill = try #require(played.events(reason: "Killing").first?.time)
        let status = try #require(played.containerStatuses.first { $0.status["restartCount"] as? Int == 1 }?.status)
        let last = try #require(field(status, "lastState", "terminated") as? [String: Any])
        #expect(last["exitCode"] as? Int == 137 && last["reason"] as? String == "Error")
        let finished = try #require(kubeDate(last["finishedAt"]))
        #expect(abs(finished.timeIntervalSince(kill) - 30) <= 1)
        #expect(played.logsByInstance[0].last?.contains("KeyboardInterrupt") == false)
    }
}

/// The same quickstart with the Hugging Face cache on a persistent volume but no startupProbe.
@Suite struct ScenarioResumingCacheTests {
    @Test func resumedDownloadConvergesAfterAFewKills() throws {
        var scenario = Scenario.aibrixQuickstart()
        scenario.behaviour = Scenario.aibrixBehaviour(rate: 50_000_000, resumes: true)
        let p = PlayedScenario(scenario, seconds: 1500)
        let kills = p.events(reason: "Killing")
        // ≈6 GB per ≈120 s instance: after two kills ≈4 GB remain, and 12 s boot + ≈81 s download + 9 s load
        // + 25 s warm-up: /health answers at ≈127.5 s, before the third liveness failure (≥ 130 s).
        #expect(kills.count == 2)
        let logs = p.logsByInstance
        #expect(logs.count == 3)
        let firstBar = try #require(logs[1].first { $0.hasPrefix("model-00001-of-000002.safetensors:") })
        #expect(!firstBar.contains(" 0.00/8.67G"), "the second instance resumes: \(firstBar)")
        #expect(logs[2].contains { $0.contains("Loading model weights took") })
        #expect(p.containerStatuses.last?.status["ready"] as? Bool == true)
    }
}
