import Foundation
import Testing
@testable import ClusterSim

/// Kubelet rules the player must follow (kubernetes-facts §3.2–§3.6), exercised on small variations.
@Suite struct ScenarioKubeletRulesTests {
    func killToExit(_ scenario: Scenario) throws -> Double {
        let p = PlayedScenario(scenario, seconds: 600)
        let kill = try #require(p.events(reason: "Killing").first?.time)
        let status = try #require(p.containerStatuses.first { $0.status["restartCount"] as? Int == 1 }?.status)
        let finished = try #require(kubeDate(field(status, "lastState", "terminated", "finishedAt")))
        #expect(field(status, "lastState", "terminated", "exitCode") as? Int == 137)
        return finished.timeIntervalSince(kill)
    }

    @Test func probeLevelGracePeriodWinsAndIsAtLeastTwoSeconds() throws {
        var scenario = Scenario.aibrixQuickstart()
        scenario.behaviour.sigterm = .ignores
        scenario.container.livenessProbe?.terminationGracePeriodSeconds = 5
        #expect(abs(try killToExit(scenario) - 5) <= 1)
        scenario.container.livenessProbe?.terminationGracePeriodSeconds = nil
        scenario.terminationGracePeriodSeconds = 1
        // Why: grace periods below 2 s are raised to `minimumGracePeriodInSeconds` (kuberuntime_manager.go).
        #expect(abs(try killToExit(scenario) - 2) <= 1)
    }

    @Test func tcpProbesReportDialErrors() {
        var scenario = Scenario.aibrixQuickstart()
        scenario.container.livenessProbe?.handler = .tcpSocket(port: 8000)
        let p = PlayedScenario(scenario, seconds: 300)
        let messages = Set(p.events(reason: "Unhealthy").map(\.message).filter { $0.hasPrefix("Liveness") })
        #expect(messages == ["Liveness probe failed: dial tcp 10.42.1.17:8000: connect: connection refused"])
    }

    @Test func readinessNeedsSuccessThresholdConsecutiveSuccesses() throws {
        var scenario = Scenario.slowStartSucceedsWithinBudget()
        scenario.container.readinessProbe = ProbeSpec(handler: .httpGet(path: "/health", port: 8000), periodSeconds: 5,
                                                      successThreshold: 3, failureThreshold: 5)
        let p = PlayedScenario(scenario, seconds: 600)
        let started = try #require(p.containerStatuses.first { $0.status["started"] as? Bool == true }?.time)
        let ready = try #require(p.containerStatuses.first { $0.status["ready"] as? Bool == true }?.time)
        // The manual trigger at `started` is the first success, then two more ticks (≈10 s) are needed.
        let delay = ready.timeIntervalSince(started)
        #expect(delay > 5 && delay <= 10.1, "\(delay)")
    }

    @Test func livenessWaitsForTheStartupProbe() throws {
        var scenario = Scenario.fixedWithStartupProbe()
        scenario.container.livenessProbe = .health(initialDelay: 0, period: 5, failureThreshold: 1)
        let p = PlayedScenario(scenario, seconds: 600)
        #expect(p.events(reason: "Killing").isEmpty)
        #expect(!p.events(reason: "Unhealthy").contains { $0.message.hasPrefix("Liveness") })
    }

    @Test func startupProbeBudgetBoundsTheKill() throws {
        var scenario = Scenario.aibrixStartupProbeTooShort()
        scenario.container.startupProbe?.initialDelaySeconds = 20
        let p = PlayedScenario(scenario, seconds: 900)
        let starts = p.events(reason: "Started").map(\.time)
        for kill in p.events(reason: "Killing") {
            let start = try #require(starts.last { $0 < kill.time })
            let after = kill.time.timeIntervalSince(start)
            // I + (F−1)·P ≤ t_kill < I + F·P + T with I = 20, P = 5, F = 30, T = 1 (§3.3).
            #expect(after >= 165 && after < 171, "\(after)")
        }
    }
}
