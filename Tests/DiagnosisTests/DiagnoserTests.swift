import Testing
@testable import Diagnosis

@Suite struct DiagnoserTests {
    @Test func oneFindingPerContainerAndEventsStayWithTheirContainer() throws {
        let vllm = Fx.aibrixQuickstart()
        let proxy = Container(name: "proxy", image: "envoyproxy/envoy:v1.31", livenessProbe: Fx.http("/ready", port: 9901, period: 10, failures: 3))
        let pod = Fx.pod([vllm, proxy], statuses: [
            Fx.looping(seconds: 165),
            ContainerStatus(name: "proxy", ready: true, started: true, restartCount: 0, state: ContainerState(running: .init(startedAt: Fx.at(0)))),
        ])
        let events = [Fx.refused("Liveness", count: 3, first: 1120, last: 1130), Fx.killing("liveness", at: 1130),
                      Fx.timeout("Liveness", count: 2, first: 500, last: 510, container: "proxy")]
        let findings = Diagnoser().diagnose(Evidence(pod: pod, events: events, observedAt: Fx.at(1200)))
        #expect(findings.map(\.container) == ["vllm-openai"])
        let f = try #require(findings.first)
        #expect(!f.facts.contains { $0.text.contains("context deadline exceeded") }) // the proxy's event is not the vllm's
        #expect(f.namespace == "ml" && f.pod == Fx.podName)
    }

    @Test func statusOnlyContainersAreDiagnosedToo() {
        // A partial dump: the spec lists no containers, the status shows one crash-looping on exit 2.
        let pod = Pod(metadata: ObjectMeta(name: "p", namespace: "ml"), spec: nil,
                      status: PodStatus(containerStatuses: [Fx.status("app", restarts: 3, last: Fx.terminated(2, "Error", start: 0, end: 5))]))
        #expect(Diagnoser().diagnose(Evidence(pod: pod, observedAt: Fx.at(100))).map(\.cause) == [.crash])
    }

    @Test func theRunningReplacementsLogDoesNotExplainThePreviousExit() throws {
        let s = Fx.status("vllm-openai", restarts: 3, last: Fx.terminated(137, "Error", start: 800, end: 965), running: 966)
        let logs = ContainerLogs(current: ["ERROR 06-01 10:17:01 engine.py:448] CUDA out of memory. Tried to allocate 2.00 GiB."],
                                 previous: ScenarioLogs.quickstartDownload)
        let e = Fx.evidence(status: s, events: [Fx.refused("Liveness", count: 9, first: 120, last: 955), Fx.killing("liveness", count: 3, at: 955)],
                            logs: logs, observed: 1000)
        let f = try #require(Diagnoser().diagnose(e).first)
        #expect(f.cause == .probeKillDuringDownload)
        // Once that instance has ended (back-off), its log is the last word.
        let ended = Fx.evidence(status: Fx.status("vllm-openai", restarts: 4, last: Fx.terminated(1, "Error", start: 966, end: 1010)),
                                logs: logs, observed: 1020)
        #expect(Diagnoser().diagnose(ended).first?.rule == "crash.log-signature")
    }
}
