import Testing
@testable import Diagnosis

@Suite struct TriageTests {
    @Test func healthyContainerGetsNoFindingWhateverOldEventsSay() {
        let s = Fx.status("vllm-openai", restarts: 0, last: nil, running: 0, ready: true)
        let e = Fx.evidence(status: s, events: [Fx.refused("Startup", count: 20, first: 5, last: 200), Fx.refused("Readiness", count: 3, first: 200, last: 210)])
        #expect(!Triage.needsDiagnosis(Fx.context(e)))
        #expect(Diagnoser().diagnose(e).isEmpty)
    }

    @Test func restartsAndCrashLoopsNeedDiagnosis() {
        #expect(Triage.needsDiagnosis(Fx.context(Fx.evidence(status: Fx.looping()))))
        #expect(Triage.needsDiagnosis(Fx.context(Fx.evidence(status: nil, history: [Fx.run(137, "Error", start: 0, seconds: 135)]))))
    }

    @Test func withoutStatusOnlyTroubleSignalsCount() {
        #expect(!Triage.needsDiagnosis(Fx.context(Fx.evidence(status: nil, events: [Fx.event("Started", "Started container vllm-openai", first: 1)]))))
        #expect(Triage.needsDiagnosis(Fx.context(Fx.evidence(status: nil, events: [Fx.refused("Liveness", count: 1, first: 1, last: 1)]))))
    }

    @Test func creatingIsNotTrouble() {
        let s = ContainerStatus(name: "vllm-openai", restartCount: 0, state: ContainerState(waiting: .init(reason: "ContainerCreating")))
        #expect(!Triage.needsDiagnosis(Fx.context(Fx.evidence(status: s))))
    }
}
