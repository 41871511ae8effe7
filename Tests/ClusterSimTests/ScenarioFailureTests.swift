import Foundation
import Testing
@testable import ClusterSim

/// Scenarios whose cause is something other than (or more specific than) the AIBrix download loop.
@Suite struct ScenarioFailureTests {
    func terminatedStates(_ p: PlayedScenario) -> [[String: Any]] {
        var seen = Set<String>()
        var out: [[String: Any]] = []
        for (_, s) in p.containerStatuses {
            for t in [field(s, "state", "terminated"), field(s, "lastState", "terminated")] {
                guard let t = t as? [String: Any], let id = t["containerID"] as? String, !seen.contains(id) else { continue }
                seen.insert(id)
                out.append(t)
            }
        }
        return out
    }

    @Test func oomKilledReportsOOMKilled137AndNoKilling() throws {
        let p = PlayedScenario(.oomKilled(), seconds: 400)
        let ends = terminatedStates(p)
        #expect(ends.count >= 4)
        #expect(ends.allSatisfy { $0["reason"] as? String == "OOMKilled" && $0["exitCode"] as? Int == 137 })
        #expect(p.events(reason: "Killing").isEmpty)
        #expect(!p.events(reason: "Unhealthy").isEmpty, "startup probe noise is present and must not be blamed")
    }

    @Test func cudaOOMCrashIsError1WithTracebackInThePreviousLog() throws {
        let p = PlayedScenario(.cudaOOMCrashWithStartupProbeRefused(), seconds: 200)
        let ends = terminatedStates(p)
        #expect(ends.allSatisfy { $0["reason"] as? String == "Error" && $0["exitCode"] as? Int == 1 })
        #expect(p.events(reason: "Killing").isEmpty)
        let startup = p.events(reason: "Unhealthy")
        #expect(!startup.isEmpty && startup.allSatisfy {
            $0.message == "Startup probe failed: Get \"http://10.42.1.17:8000/health\": dial tcp 10.42.1.17:8000: connect: connection refused" })
        let previous = p.logsByInstance[0]
        #expect(previous.contains { $0.hasPrefix("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 448.00 MiB.") })
        #expect(previous.last == "RuntimeError: Engine process failed to start. See stack trace for the root cause.")
        // The rotation happens when the replacement is created: its log starts fresh.
        #expect(p.logsByInstance[1].first?.contains("Automatically detected platform cuda.") == true)
        let runs = ends.compactMap { t -> Double? in
            guard let a = kubeDate(t["startedAt"]), let b = kubeDate(t["finishedAt"]) else { return nil }
            return b.timeIntervalSince(a)
        }
        #expect(runs.allSatisfy { $0 >= 19 && $0 <= 22 }, "\(runs)")
    }

    @Test func gatedModelCrashLoopsWithDoublingBackOff() throws {
        let p = PlayedScenario(.gatedModel401Crash(), seconds: 400)
        #expect(p.logsByInstance[0].contains { $0.hasPrefix("huggingface_hub.errors.GatedRepoError: 401 Client Error.") })
        #expect(p.logsByInstance[0].contains { $0.hasPrefix("Cannot access gated repo for url https://huggingface.co/meta-llama/") })
        #expect(!p.logsByInstance[0].contains { $0.hasPrefix("config.json:") })
        let ends = terminatedStates(p).compactMap { kubeDate($0["finishedAt"]) }
        let starts = p.events(reason: "Started").map(\.time)
        let gaps = ends.compactMap { end in starts.first { $0 > end }.map { $0.timeIntervalSince(end) } }
        // First restart immediate, then 10, 20, 40, 80 s windows, each met at the next 10 s requeue (§3.6).
        let windows = [0.0, 10, 20, 40, 80]
        for (gap, window) in zip(gaps, windows) {
            #expect(gap >= window && gap < window + 12, "gap \(gap) for window \(window)")
        }
        #expect(gaps.count >= windows.count)
        let waiting = p.containerStatuses.compactMap { field($0.status, "state", "waiting", "message") as? String }
        #expect(waiting.map { String($0.prefix(13)) }.prefix(4) == ["back-off 10s ", "back-off 20s ", "back-off 40s ", "back-off 1m20"])
    }

    @Test func crashesAfterTenMinutesOfRunningResetTheBackOff() {
        var scenario = Scenario.gatedModel401Crash()
        scenario.container.livenessProbe = nil
        scenario.container.readinessProbe = nil
        scenario.behaviour = ContainerBehaviour(modelID: "meta-llama/Llama-3.1-8B-Instruct", steps: [.boot(seconds: 10)],
                                                outcome: .crash(afterSeconds: 700, exitCode: 1, logLines: ["boom"]))
        let p = PlayedScenario(scenario, seconds: 3000)
        // Each instance finished > 600 s after the last back-off update, so the window resets and the
        // restart is immediate every time (§3.6 `HasExpiredFunc`).
        #expect(p.events(reason: "Started").count == 5)
        #expect(p.events(reason: "BackOff").count == 0)
        #expect(p.logsByInstance.count == 5 && p.logsByInstance.dropLast().allSatisfy { $0.last == "boom" })
        #expect(p.events(reason: "Killing").count == 0)
    }

    @Test func memoryKillReportedAsErrorHasNoProbeEvents() {
        let p = PlayedScenario(.memoryLimitKillAsError(), seconds: 300)
        let ends = terminatedStates(p)
        #expect(ends.count >= 3)
        #expect(ends.allSatisfy { $0["reason"] as? String == "Error" && $0["exitCode"] as? Int == 137 })
        #expect(p.events(reason: "Unhealthy").isEmpty && p.events(reason: "Killing").isEmpty)
        #expect(p.logsByInstance[0].last?.hasPrefix("Loading safetensors checkpoint shards:") == true)
    }

    @Test func startupProbeKillsDuringLoad() throws {
        let p = PlayedScenario(.startupProbeKillDuringLoad(), seconds: 600)
        let kills = p.events(reason: "Killing")
        #expect(kills.count >= 3)
        #expect(kills.allSatisfy { $0.message == "Container vllm failed startup probe, will be restarted" })
        let starts = p.events(reason: "Started").map(\.time)
        for kill in kills {
            let start = try #require(starts.last { $0 < kill.time })
            let after = kill.time.timeIntervalSince(start)
            #expect(after >= 170 && after < 181, "\(after)")
        }
        let previous = p.logsByInstance[0]
        #expect(previous.contains { $0.hasPrefix("Loading safetensors checkpoint shards:  ") && $0.contains("/30 [") })
        #expect(!previous.contains { $0.contains("Loading model weights took") })
        #expect(p.events(reason: "Unhealthy").allSatisfy { $0.message.hasPrefix("Startup probe failed:") })
    }

    @Test func aibrixStartupProbeOf150SecondsStillKillsMidDownload() throws {
        let p = PlayedScenario(.aibrixStartupProbeTooShort(), seconds: 900)
        let kills = p.events(reason: "Killing")
        #expect(kills.count >= 4)
        #expect(kills.allSatisfy { $0.message == "Container vllm-openai failed startup probe, will be restarted" })
        let starts = p.events(reason: "Started").map(\.time)
        for kill in kills {
            let start = try #require(starts.last { $0 < kill.time })
            let after = kill.time.timeIntervalSince(start)
            #expect(after >= 145 && after < 151, "\(after)")
        }
        // Liveness and readiness never run: `started` stays false (startup probe gating, §3.2).
        #expect(p.events(reason: "Unhealthy").allSatisfy { $0.message.hasPrefix("Startup probe failed:") })
        #expect(p.logsByInstance[0].contains { $0.hasPrefix("model-00001-of-000002.safetensors:  ") })
        #expect(p.logsByInstance[0].last == "KeyboardInterrupt: terminated")
    }

    @Test func livenessKillAfterReadyWasReadyThenTimedOut() throws {
        let p = PlayedScenario(.livenessKillAfterReady(), seconds: 800)
        let kill = try #require(p.events(reason: "Killing").first)
        #expect(kill.message == "Container vllm failed liveness probe, will be restarted")
        let readyBefore = p.containerStatuses.contains { $0.time < kill.time && $0.status["ready"] as? Bool == true }
        #expect(readyBefore)
        let timeouts = p.events(reason: "Unhealthy").filter { $0.message.hasPrefix("Liveness probe failed:") }
        #expect(timeouts.count == 3 && timeouts.allSatisfy { $0.message.hasSuffix("context deadline exceeded (Client.Timeout exceeded while awaiting headers)") })
        #expect(p.logsByInstance[0].contains("INFO:     Application startup complete."))
        let last = try #require(terminatedStates(p).first)
        #expect(last["exitCode"] as? Int == 137 && last["reason"] as? String == "Error")
        let finished = try #require(kubeDate(last["finishedAt"]))
        #expect(abs(finished.timeIntervalSince(kill.time) - 30) <= 1)
    }

    @Test(arguments: [Scenario.slowStartSucceedsWithinBudget(), Scenario.fixedWithStartupProbe()])
    func slowStartsBecomeReadyWithoutKilling(_ scenario: Scenario) throws {
        let p = PlayedScenario(scenario, seconds: 1200)
        #expect(p.events(reason: "Killing").isEmpty && p.events(reason: "BackOff").isEmpty)
        let last = try #require(p.containerStatuses.last?.status)
        #expect(last["ready"] as? Bool == true && last["started"] as? Bool == true && last["restartCount"] as? Int == 0)
        let pod = try #require(p.podPuts.last?.json)
        let conditions = try #require(field(pod, "status", "conditions") as? [[String: Any]])
        #expect(conditions.first { $0["type"] as? String == "Ready" }?["status"] as? String == "True")
        #expect(p.events(reason: "Unhealthy").allSatisfy { $0.message.hasPrefix("Startup probe failed:") })
        #expect(p.logsByInstance.count == 1)
        #expect(p.logsByInstance[0].contains { $0.contains("Loading model weights took 14.9888 GB") })
    }

    @Test(arguments: Scenario.catalog.flatMap { [$0, $0.withSeed($0.seed &+ 1)] })
    func evidenceIsCompleteAtTheObservationTime(_ scenario: Scenario) throws {
        let p = PlayedScenario(scenario, seconds: scenario.expected.observeAfterSeconds)
        let status = try #require(p.containerStatuses.last?.status)
        let kills = p.events(reason: "Killing")
        switch scenario.expected.cause {
        case "none":
            #expect(status["ready"] as? Bool == true && kills.isEmpty, "\(scenario.id)")
        case let cause:
            #expect((status["restartCount"] as? Int ?? 0) >= 1, "\(scenario.id)")
            #expect(field(status, "lastState", "terminated") != nil, "\(scenario.id)")
            if let probe = scenario.expected.probe {
                #expect(!kills.isEmpty && kills.allSatisfy { $0.message.contains("failed \(probe) probe") }, "\(scenario.id)")
            } else {
                #expect(kills.isEmpty && ["crash", "oom-killed"].contains(cause), "\(scenario.id)")
            }
        }
    }

    @Test func everyBuiltInScenarioDocumentsItsExpectedDiagnosis() {
        let causes = ["probe-kill-during-download", "probe-kill-during-load", "probe-kill-after-ready", "oom-killed",
                      "crash", "none"]
        #expect(Scenario.catalog.count == 10)
        #expect(Set(Scenario.catalog.map(\.id)).count == 10)
        for s in Scenario.catalog {
            #expect(causes.contains(s.expected.cause), "\(s.id)")
            #expect(s.expected.cause.hasPrefix("probe-kill") == (s.expected.probe != nil), "\(s.id)")
            #expect(!s.expected.notes.isEmpty)
            #expect(Scenario.named(s.id)?.id == s.id)
        }
    }
}
