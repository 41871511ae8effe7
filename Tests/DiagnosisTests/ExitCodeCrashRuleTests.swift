import Testing
@testable import Diagnosis

@Suite struct ExitCodeCrashRuleTests {
    @Test func exitOneIsACrash() throws {
        let v = try #require(ExitCodeCrashRule().evaluate(Fx.context(Fx.evidence(status: Fx.looping(exit: 1, seconds: 40)))))
        #expect(v.cause == .crash && v.confidence == .medium)
    }

    @Test(arguments: [0, 130, 137, 143])
    func signalExitsAreNotCrashes(code: Int) {
        #expect(ExitCodeCrashRule().evaluate(Fx.context(Fx.evidence(status: Fx.looping(exit: code, seconds: 40)))) == nil)
    }

    @Test func exitOneInTheKillWindowWithProbeFailuresIsNotCalledACrash() {
        let e = Fx.evidence(status: Fx.looping(exit: 1, seconds: 136), events: [Fx.refused("Liveness", count: 3, first: 1120, last: 1130)])
        #expect(ExitCodeCrashRule().evaluate(Fx.context(e)) == nil)
    }

    @Test func sigtermSignatureVetoes() {
        var c = Fx.context(Fx.evidence(status: Fx.looping(exit: 1, seconds: 40)))
        c.signatures = [LogSignature(kind: .terminatedBySignal, line: "KeyboardInterrupt: terminated")]
        #expect(ExitCodeCrashRule().evaluate(c) == nil)
    }
}
