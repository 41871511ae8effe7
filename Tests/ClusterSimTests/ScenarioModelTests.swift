import Foundation
import Testing
@testable import ClusterSim

/// Building blocks of the scenario player: formats, back-off, objects, determinism, playback.
@Suite struct ScenarioModelTests {
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)

    @Test(arguments: [(0, "0s"), (456, "456ms"), (1_234, "1.234s"), (10_000, "10s"), (80_000, "1m20s"),
                      (160_000, "2m40s"), (300_000, "5m0s"), (287_129, "4m47.129s"), (3_600_000, "1h0m0s")])
    func goDurations(_ ms: Int64, _ text: String) {
        #expect(SimFormat.goDuration(milliseconds: ms) == text)
    }

    @Test func tqdmAndTimestampFormats() {
        #expect(SimFormat.tqdmSize(0) == "0.00")
        #expect(SimFormat.tqdmSize(650_000_000) == "650M")
        #expect(SimFormat.tqdmSize(4_980_000_000) == "4.98G")
        #expect(SimFormat.tqdmSize(13_400_000_000) == "13.4G")
        #expect(SimFormat.tqdmInterval(86) == "01:26")
        #expect(SimFormat.tqdmInterval(3_725) == "1:02:05")
        #expect(SimFormat.tqdmIterRate(secondsPerIteration: 5) == " 5.00s/it")
        #expect(SimFormat.rfc3339(Date(timeIntervalSince1970: 1_748_772_035.9)) == "2025-06-01T10:00:35Z")
        #expect(SimFormat.vllmTime(Date(timeIntervalSince1970: 1_738_956_237)) == "02-07 19:23:57")
    }

    @Test func parallelDownloadSharesBandwidthAndPrintsNonTTYBars() {
        let files = ModelFile.shards(totalBytes: 19_920_000_000, count: 4)
        #expect(files.map(\.name).first == "model-00001-of-00004.safetensors" && files.map(\.bytes).reduce(0, +) == 19_920_000_000)
        let d = DownloadTimeline(files: files, initial: [0, 0, 0, 0], rate: 200_000_000)
        #expect(abs(d.duration - 99.6) < 0.01)
        let line = d.progressLines(interval: 10).first { $0.offset == 13 || $0.text.contains("[00:10<") }
        #expect(line?.text == "model-00001-of-00004.safetensors:  10% 500M/4.98G [00:10<01:29, 50.0MB/s]")
        let resumed = DownloadTimeline(files: files, initial: [4_980_000_000, 2_490_000_000, 0, 0], rate: 100_000_000)
        #expect(resumed.bytes(0, at: 5) == 4_980_000_000)
        #expect(resumed.bytes(1, at: 30) == 2_490_000_000 + 1_000_000_000)
    }

    @Test func backOffScheduleDoublesCapsAndResets() {
        var b = CrashBackoff()
        var now = t0
        #expect(b.attempt(now: now, reference: nil) && b.window == nil)
        var windows: [Double] = []
        for _ in 0..<8 {
            let finished = now
            now = finished.addingTimeInterval(1)
            while !b.attempt(now: now, reference: finished) { now = now.addingTimeInterval(1) }
            windows.append(b.window ?? -1)
        }
        #expect(windows == [10, 20, 40, 80, 160, 300, 300, 300])
        // An instance that finished more than 600 s after the last update resets the window (§3.6).
        let late = now.addingTimeInterval(700)
        #expect(b.attempt(now: late.addingTimeInterval(1), reference: late) && b.window == 10)
    }

    @Test func objectsCarryOwnerChainLabelsAndExplicitProbeFields() throws {
        var player = ScenarioPlayer(scenario: .aibrixQuickstart(), start: t0)
        let setup = player.advance(to: t0.addingTimeInterval(1))
        func object(_ resource: String) throws -> [String: Any] {
            let data = try #require(setup.compactMap { a -> Data? in
                if case .putObject(resource, _, _, let d) = a.action { return d } else { return nil } }.first)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let (deploy, rs, pod) = (try object("deployments"), try object("replicasets"), try object("pods"))
        #expect(pod["kind"] as? String == "Pod" && pod["apiVersion"] as? String == "v1")
        #expect(rs["apiVersion"] as? String == "apps/v1" && deploy["kind"] as? String == "Deployment")
        let hash = try #require(field(rs, "metadata", "labels", "pod-template-hash") as? String)
        #expect(player.replicaSetName == "deepseek-r1-distill-llama-8b-\(hash)")
        #expect(player.podName.hasPrefix(player.replicaSetName + "-") && player.podName.count == player.replicaSetName.count + 6)
        let podOwner = try #require((field(pod, "metadata", "ownerReferences") as? [[String: Any]])?.first)
        #expect(podOwner["kind"] as? String == "ReplicaSet" && podOwner["controller"] as? Bool == true)
        #expect(podOwner["uid"] as? String == field(rs, "metadata", "uid") as? String)
        let rsOwner = try #require((field(rs, "metadata", "ownerReferences") as? [[String: Any]])?.first)
        #expect(rsOwner["uid"] as? String == field(deploy, "metadata", "uid") as? String)
        #expect(field(pod, "metadata", "uid") as? String == player.podUID)
        #expect(field(pod, "metadata", "labels", "app") as? String == "deepseek-r1-distill-llama-8b")
        let container = try #require((field(pod, "spec", "containers") as? [[String: Any]])?.first)
        let liveness = try #require(container["livenessProbe"] as? [String: Any])
        #expect(liveness["initialDelaySeconds"] as? Int == 120 && liveness["periodSeconds"] as? Int == 5
                && liveness["failureThreshold"] as? Int == 3 && liveness["timeoutSeconds"] as? Int == 1
                && liveness["successThreshold"] as? Int == 1)
        #expect(field(liveness, "httpGet", "path") as? String == "/health")
        #expect(field(container, "resources", "limits", "nvidia.com/gpu") as? String == "1")
        #expect(container["volumeMounts"] == nil && field(pod, "spec", "volumes") == nil)
        #expect((container["command"] as? [String])?.contains("deepseek-ai/DeepSeek-R1-Distill-Llama-8B") == true)
    }

    @Test func sameSeedSameActionsOtherSeedOtherStory() {
        let a = ScenarioPlayer(scenario: .aibrixQuickstart(seed: 5), start: t0).actions(until: t0.addingTimeInterval(1800))
        let b = ScenarioPlayer(scenario: .aibrixQuickstart(seed: 5), start: t0).actions(until: t0.addingTimeInterval(1800))
        let c = ScenarioPlayer(scenario: .aibrixQuickstart(seed: 6), start: t0).actions(until: t0.addingTimeInterval(1800))
        #expect(a == b)
        #expect(a != c)
        func killTimes(_ actions: [TimedAction]) -> [Date] {
            actions.compactMap { if case .recordEvent(let e) = $0.action, e.reason == "Killing" { return e.time } else { return nil } }
        }
        #expect(killTimes(a) != killTimes(c))
    }

    @Test func incrementalAdvanceMatchesOneShotAndStaysOrdered() {
        let scenario = Scenario.gatedModel401Crash()
        let whole = ScenarioPlayer(scenario: scenario, start: t0).actions(until: t0.addingTimeInterval(900))
        var player = ScenarioPlayer(scenario: scenario, start: t0)
        var pieces: [TimedAction] = []
        var t = t0
        while t < t0.addingTimeInterval(900) {
            t = t.addingTimeInterval(7.3)
            pieces += player.advance(to: min(t, t0.addingTimeInterval(900)))
        }
        #expect(pieces == whole)
        #expect(zip(whole, whole.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(player.nextActionTime().map { $0 > t0.addingTimeInterval(900) } == true)
    }

    @Test func teardownDeletesTheWorkloadButNotTheNamespace() {
        let player = ScenarioPlayer(scenario: .aibrixQuickstart(), start: t0)
        let actions = player.teardown(at: t0).map(\.action)
        #expect(actions == [.deleteObject(resource: "pods", namespace: "default", name: player.podName),
                            .deleteObject(resource: "replicasets", namespace: "default", name: player.replicaSetName),
                            .deleteObject(resource: "deployments", namespace: "default", name: "deepseek-r1-distill-llama-8b")])
    }

    @Test func servingForeverEndsTheStory() {
        var player = ScenarioPlayer(scenario: .slowStartSucceedsWithinBudget(), start: t0)
        _ = player.advance(to: t0.addingTimeInterval(100_000))
        #expect(player.nextActionTime() == nil)
    }

    @Test(arguments: [(KubeletVersion.v1_31, "Created container vllm-openai", "Started container vllm-openai"),
                      (.v1_32, "Created container: vllm-openai", "Started container vllm-openai"),
                      (.v1_35, "Container created", "Container started")])
    func kubeletVersionSelectsEventTexts(_ version: KubeletVersion, _ created: String, _ started: String) {
        var scenario = Scenario.aibrixQuickstart()
        scenario.kubelet = version
        let p = PlayedScenario(scenario, seconds: 200)
        #expect(p.events(reason: "Created").first?.message == created)
        #expect(p.events(reason: "Started").first?.message == started)
    }

    @Test func clockScalesSimulatedToWallTime() {
        let clock = ScenarioClock.scaled(speed: 60, start: t0)
        #expect(clock.wallTime(forSimulated: t0.addingTimeInterval(600)) == t0.addingTimeInterval(10))
        #expect(clock.simulatedTime(forWall: t0.addingTimeInterval(2)) == t0.addingTimeInterval(120))
    }
}
