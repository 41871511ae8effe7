import Testing
@testable import Diagnosis

@Suite struct ProbeKillAfterReadyRuleTests {
    @Test func livenessTimeoutsAfterServingLongRun() throws {
        let e = Fx.evidence(status: Fx.looping(seconds: 5400, restarts: 1, start: 100),
                            events: [Fx.timeout("Liveness", count: 3, first: 5480, last: 5490)], observed: 5600)
        let v = try #require(ProbeKillAfterReadyRule().evaluate(Fx.context(e)))
        #expect(v.cause == .probeKillAfterReady && v.probe == .liveness && v.confidence == .medium)
    }

    @Test func fewerFailuresThanTheThresholdDoNotKill() {
        let e = Fx.evidence(status: Fx.looping(seconds: 5400, restarts: 1, start: 100),
                            events: [Fx.timeout("Liveness", count: 2, first: 5480, last: 5485)], observed: 5600)
        #expect(ProbeKillAfterReadyRule().evaluate(Fx.context(e)) == nil)
    }

    @Test func shortRunWithoutServingIsNotAfterReady() {
        let e = Fx.evidence(status: Fx.looping(seconds: 140), events: [Fx.timeout("Liveness", count: 3, first: 1120, last: 1130)])
        #expect(ProbeKillAfterReadyRule().evaluate(Fx.context(e)) == nil)
    }

    @Test func oldTimeoutsDoNotExplainALaterExit() {
        // Timeouts an hour before the exit were blips the probe survived.
        let e = Fx.evidence(status: Fx.looping(seconds: 5400, restarts: 1, start: 100),
                            events: [Fx.timeout("Liveness", count: 3, first: 1480, last: 1490)], observed: 5600)
        #expect(ProbeKillAfterReadyRule().evaluate(Fx.context(e)) == nil)
    }
}
