import Testing
@testable import Diagnosis

@Suite struct InitContainerCrashRuleTests {
    func evidence(initState: ContainerState, restarts: Int, initRestartPolicy: String? = nil) -> Evidence {
        let initC = Container(name: "model-initializer", restartPolicy: initRestartPolicy)
        let app = Container(name: "server", livenessProbe: Fx.http(delay: 20, period: 5, failures: 3))
        let pod = Fx.pod([app], statuses: [ContainerStatus(name: "server", ready: false, restartCount: 0,
                                                            state: ContainerState(waiting: .init(reason: "PodInitializing")))],
                         initContainers: [initC],
                         initStatuses: [ContainerStatus(name: "model-initializer", restartCount: restarts, state: initState)])
        return Evidence(pod: pod, observedAt: Fx.at(3600))
    }

    @Test func initCrashLoopIsACrashAndTheAppContainerIsLeftAlone() throws {
        let e = evidence(initState: ContainerState(waiting: .init(reason: "CrashLoopBackOff")), restarts: 4)
        let v = try #require(InitContainerCrashRule().evaluate(Fx.context(e, "model-initializer")))
        #expect(v.cause == .crash && v.confidence == .high)
        let findings = Diagnoser().diagnose(e)
        #expect(findings.map(\.container) == ["model-initializer"])
    }

    @Test func nativeSidecarIsNotAClassicInitContainer() {
        let e = evidence(initState: ContainerState(waiting: .init(reason: "CrashLoopBackOff")), restarts: 4, initRestartPolicy: "Always")
        #expect(InitContainerCrashRule().evaluate(Fx.context(e, "model-initializer")) == nil)
    }

    @Test func completedInitContainerIsFine() {
        let e = evidence(initState: ContainerState(terminated: .init(exitCode: 0, reason: "Completed")), restarts: 0)
        #expect(InitContainerCrashRule().evaluate(Fx.context(e, "model-initializer")) == nil)
        #expect(Diagnoser().diagnose(e).isEmpty)
    }
}
