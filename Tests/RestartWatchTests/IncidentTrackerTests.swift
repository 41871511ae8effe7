import Diagnosis
import Testing
@testable import RestartWatch

@Suite struct IncidentTrackerTests {
    let t0 = KubeTime(seconds: 1_750_000_000)

    @Test func oneIncidentPerOwnerContainerCause() {
        var tracker = IncidentTracker()
        let (a, c1) = tracker.record(makeFinding(pod: "llama-8b-6c9f7d5b8-aaaaa"), at: t0)
        #expect(c1 == .opened)
        #expect(a.state == .confirmed)
        // Same owner, another pod of it, same numbers: the same incident, no new message.
        let (b, c2) = tracker.record(makeFinding(pod: "llama-8b-6c9f7d5b8-bbbbb"), at: t0.adding(60))
        #expect(c2 == .unchanged)
        #expect(b.version == 1)
        #expect(b.pods == ["llama-8b-6c9f7d5b8-aaaaa", "llama-8b-6c9f7d5b8-bbbbb"])
        #expect(tracker.all.count == 1)
        // A different cause for the same container is a different incident.
        let (_, c3) = tracker.record(makeFinding(cause: .oomKilled), at: t0.adding(61))
        #expect(c3 == .opened)
        #expect(tracker.all.count == 2)
    }

    @Test func suspectedThenConfirmedThenResolved() {
        var tracker = IncidentTracker(resolveAfterReadySeconds: 600)
        let (s, _) = tracker.record(makeFinding(confidence: .medium), at: t0)
        #expect(s.state == .suspected)
        let (c, change) = tracker.record(makeFinding(confidence: .high), at: t0.adding(120))
        #expect(change == .stateChanged(from: .suspected))
        #expect(c.state == .confirmed)
        #expect(c.version == 2)
        // Weaker evidence later does not demote it.
        let (c2, change2) = tracker.record(makeFinding(confidence: .medium), at: t0.adding(130))
        #expect(c2.state == .confirmed)
        #expect(change2 == .unchanged)
        #expect(tracker.observeReady(namespace: "ml", owner: "Deployment/llama-8b", container: "vllm", at: t0.adding(200)).isEmpty)
        // Not ready again: the clock starts over.
        tracker.observeNotReady(namespace: "ml", owner: "Deployment/llama-8b", container: "vllm")
        #expect(tracker.observeReady(namespace: "ml", owner: "Deployment/llama-8b", container: "vllm", at: t0.adding(900)).isEmpty)
        let resolved = tracker.observeReady(namespace: "ml", owner: "Deployment/llama-8b", container: "vllm", at: t0.adding(1500))
        #expect(resolved.count == 1)
        #expect(resolved.first?.state == .resolved)
        #expect(Notification(incident: resolved[0], change: .stateChanged(from: .confirmed)).kind == .resolved)
        // A recurrence after resolution opens a fresh incident.
        let (_, again) = tracker.record(makeFinding(), at: t0.adding(2000))
        #expect(again == .opened)
    }

    @Test func materialChangeOfNeedIsNews() {
        var tracker = IncidentTracker()
        _ = tracker.record(makeFinding(need: 400), at: t0)
        let (_, small) = tracker.record(makeFinding(need: 430), at: t0.adding(10))
        #expect(small == .unchanged)
        let (inc, big) = tracker.record(makeFinding(need: 900), at: t0.adding(20))
        #expect(big == .numbersChanged)
        #expect(inc.version == 2)
        #expect(Notification(incident: inc, change: big).id.hasSuffix("#v2"))
    }
}

@Suite struct IncidentFamilyTests {
    let t0 = KubeTime(seconds: 1_750_000_000)

    @Test func downloadAndLoadPhasesAreOneIncident() {
        var tracker = IncidentTracker()
        let (_, first) = tracker.record(makeFinding(cause: .probeKillDuringDownload), at: t0)
        #expect(first == .opened)
        // A later diagnosis without logs cannot see the phase and guesses "load" with less confidence:
        // same incident, and the stronger finding stays.
        let (inc, second) = tracker.record(makeFinding(cause: .probeKillDuringLoad, confidence: .medium), at: t0.adding(60))
        #expect(second == .unchanged)
        #expect(inc.finding.cause == .probeKillDuringDownload)
        #expect(tracker.all.count == 1)
        #expect(inc.key.description.hasSuffix("/probe-kill-during-startup"))
        // Equally strong evidence for another phase refines it, and that is news.
        let (refined, third) = tracker.record(makeFinding(cause: .probeKillDuringLoad), at: t0.adding(120))
        #expect(third == .numbersChanged)
        #expect(refined.finding.cause == .probeKillDuringLoad)
    }
}
