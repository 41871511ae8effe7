import Testing
@testable import Diagnosis

@Suite struct KubeTimeTests {
    @Test func parsesSecondsAndMicroTime() throws {
        let a = try #require(KubeTime(rfc3339: "2025-06-01T10:01:05Z"))
        let b = try #require(KubeTime(rfc3339: "2025-06-01T10:01:05.500000Z"))
        #expect(a.distance(to: b) == 0.5)
        #expect(a.description == "2025-06-01T10:01:05Z")
        #expect(b.microString == "2025-06-01T10:01:05.500000Z")
        #expect(a.seconds == 1748772065)
    }

    @Test func parsesOffsetsAndRejectsGarbage() throws {
        let z = try #require(KubeTime(rfc3339: "2025-02-25T17:41:19+08:00"))
        #expect(z.description == "2025-02-25T09:41:19Z")
        #expect(KubeTime(rfc3339: "2025-06-01") == nil)
        #expect(KubeTime(rfc3339: "2025-13-01T00:00:00Z") == nil)
        #expect(KubeTime(rfc3339: "2025-06-01T10:01:05") == nil)
    }

    @Test func budgetArithmeticFollowsKubelet() {
        // AIBrix quickstart v0.2.0: liveness 120 + 3 × 5 = 135 s.
        let c = Container(name: "vllm", livenessProbe: Probe(initialDelaySeconds: 120, timeoutSeconds: 1, periodSeconds: 5, failureThreshold: 3))
        let b = ProbeBudget.killBudget(for: c)!
        #expect(b.probe == .liveness)
        #expect(b.budgetSeconds == 135)
        #expect(b.earliestKillSeconds == 130)
        #expect(b.latestKillSeconds == 136)
        #expect(b.explainsRun(seconds: 133))
        #expect(!b.explainsRun(seconds: 60))
        #expect(ProbeBudget.killBudget(for: Container(name: "x")) == nil)
    }
}
