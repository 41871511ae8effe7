import Diagnosis
import Testing
@testable import RestartWatch

@Suite struct PodTrackerTests {
    func pod(restarts: Int, ready: Bool, started: String, last: (String, String)? = nil) -> Pod {
        let term = last.map { ContainerState(terminated: .init(exitCode: 137, reason: "Error", startedAt: KubeTime(rfc3339: $0.0),
                                                               finishedAt: KubeTime(rfc3339: $0.1))) }
        let status = ContainerStatus(name: "vllm", ready: ready, restartCount: restarts,
                                     state: ContainerState(running: .init(startedAt: KubeTime(rfc3339: started))), lastState: term)
        return Pod(metadata: ObjectMeta(name: "llama-1", namespace: "ml", uid: "u1"),
                   spec: PodSpec(containers: [Container(name: "vllm")]), status: PodStatus(containerStatuses: [status]))
    }

    let now = KubeTime(rfc3339: "2025-06-01T10:03:00Z")!

    @Test func restartAddsARunAndTriggersOnce() {
        var t = PodTracker()
        do { let r = t.update(pod(restarts: 0, ready: false, started: "2025-06-01T10:00:35Z"), now: now, notReadyAfterSeconds: 900); #expect(r.isEmpty) }
        let p1 = pod(restarts: 1, ready: false, started: "2025-06-01T10:01:51Z", last: ("2025-06-01T10:00:35Z", "2025-06-01T10:01:50Z"))
        do { let r = t.update(p1, now: now, notReadyAfterSeconds: 900); #expect(r == [.restarted]) }
        // The same status again (a resync or an unrelated MODIFIED) is not a new restart.
        do { let r = t.update(p1, now: now, notReadyAfterSeconds: 900); #expect(r.isEmpty) }
        #expect(t.history(namespace: "ml", name: "llama-1")["vllm"]?.count == 1)
        #expect(t.history(namespace: "ml", name: "llama-1")["vllm"]?.first?.runSeconds == 75)
    }

    @Test func historyIsBounded() {
        var t = PodTracker()
        for i in 0..<20 {
            let s = KubeTime(seconds: 1_000_000 + Double(i) * 200)
            let p = pod(restarts: i + 1, ready: false, started: s.adding(150).description, last: (s.description, s.adding(140).description))
            _ = t.update(p, now: now, notReadyAfterSeconds: 1e9)
        }
        #expect(t.history(namespace: "ml", name: "llama-1")["vllm"]?.count == PodTracker.maxRuns)
    }

    @Test func longNotReadyStartTriggersOncePerInstance() {
        var t = PodTracker()
        let p = pod(restarts: 0, ready: false, started: "2025-06-01T09:00:00Z")
        do { let r = t.update(p, now: now, notReadyAfterSeconds: 900); #expect(r == [.notReadyTooLong]) }
        do { let r = t.update(p, now: now, notReadyAfterSeconds: 900); #expect(r.isEmpty) }
    }

    @Test func eventsAreKeptPerContainerAndReplacedByName() {
        var t = PodTracker()
        _ = t.update(pod(restarts: 0, ready: false, started: "2025-06-01T10:00:35Z"), now: now, notReadyAfterSeconds: 900)
        func unhealthy(count: Int) -> EventRecord {
            EventRecord(metadata: ObjectMeta(name: "llama-1.1843f0b2a9c7d3e1", namespace: "ml"),
                        involvedObject: ObjectReference(kind: "Pod", namespace: "ml", name: "llama-1", uid: "u1", fieldPath: "spec.containers{vllm}"),
                        reason: "Unhealthy", message: "Liveness probe failed: connection refused", type: "Warning", count: count)
        }
        do { let r = t.record(unhealthy(count: 1)); #expect(r == .probeFailure) }
        do { let r = t.record(unhealthy(count: 3)); #expect(r == .probeFailure) }
        #expect(t.events(namespace: "ml", name: "llama-1").map(\.count) == [3])
        // Events of other pods, other uids and irrelevant reasons are ignored.
        var other = unhealthy(count: 1)
        other.involvedObject.uid = "u2"
        do { let r = t.record(other); #expect(r == nil) }
        var pulled = unhealthy(count: 1)
        pulled.reason = "Pulled"
        do { let r = t.record(pulled); #expect(r == nil) }
        var killing = unhealthy(count: 1)
        killing.reason = "Killing"
        killing.metadata?.name = "llama-1.1843f0b2a9c7d3e2"
        do { let r = t.record(killing); #expect(r == .decisive) }
    }
}
