import Testing
@testable import Diagnosis

@Suite struct StartErrorRuleTests {
    @Test func runcExecErrorIsACrash() throws {
        var c = Fx.aibrixQuickstart()
        c.command = ["--network=host"]
        let e = Fx.evidence(c, status: nil, events: [
            Fx.event("Failed", "Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"--network=host\": executable file not found in $PATH: unknown", container: nil, type: "Warning", first: 5),
        ])
        let v = try #require(StartErrorRule().evaluate(Fx.context(e)))
        #expect(v.cause == .crash && v.rule == "crash.start-error")
        #expect(v.facts.contains { $0.source == .spec && $0.text.contains("--network=host") })
    }

    @Test func startErrorTermination() throws {
        let e = Fx.evidence(status: Fx.status("vllm-openai", restarts: 2, last: Fx.terminated(128, "StartError", start: 10, end: 10)))
        #expect(try #require(StartErrorRule().evaluate(Fx.context(e))).cause == .crash)
    }

    @Test func configErrorIsOther() throws {
        let s = ContainerStatus(name: "vllm-openai", restartCount: 0,
                                state: ContainerState(waiting: .init(reason: "CreateContainerConfigError", message: "secret \"hf-token\" not found")))
        #expect(try #require(StartErrorRule().evaluate(Fx.context(Fx.evidence(status: s)))).cause == .other)
    }

    @Test func ordinaryLoopIsNotAStartError() {
        #expect(StartErrorRule().evaluate(Fx.context(Fx.evidence(status: Fx.looping()))) == nil)
    }

    @Test func missingSecretEventIsOther() throws {
        let e = Fx.evidence(status: nil, events: [Fx.event("Failed", "Error: secret \"hf-token\" not found", type: "Warning", first: 5)])
        #expect(try #require(StartErrorRule().evaluate(Fx.context(e))).cause == .other)
    }

    @Test func anOldStartFailureDoesNotExplainLaterRuns() {
        let e = Fx.evidence(status: Fx.looping(seconds: 165), events: [Fx.event("Failed", "Error: failed to create containerd task: x", type: "Warning", first: 5)])
        #expect(StartErrorRule().evaluate(Fx.context(e)) == nil)
    }
}
