import Testing
@testable import Diagnosis

@Suite struct WorkerTimeoutRuleTests {
    @Test func gunicornWatchdogIsOther() throws {
        var c = Fx.context(Fx.evidence(status: nil))
        c.signatures = [LogSignature(kind: .workerTimeout, line: "[09/08/23 15:15:13] CRITICAL WORKER TIMEOUT (pid:121)")]
        let v = try #require(WorkerTimeoutRule().evaluate(c))
        #expect(v.cause == .other && v.probe == nil)
    }

    @Test func aProbeKillOnRecordWins() {
        var c = Fx.context(Fx.evidence(status: Fx.looping(), events: [Fx.killing("liveness", at: 1130)]))
        c.signatures = [LogSignature(kind: .workerTimeout, line: "WORKER TIMEOUT")]
        #expect(WorkerTimeoutRule().evaluate(c) == nil)
    }
}
