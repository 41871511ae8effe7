import Testing
@testable import Diagnosis

/// Signatures are injected into the context, so these tests do not depend on LogSignatures' parsers.
@Suite struct CrashSignatureRuleTests {
    func context(_ sigs: [LogSignature], events: [EventRecord] = []) -> ContainerContext {
        var c = Fx.context(Fx.evidence(status: Fx.looping(exit: 1, seconds: 40), events: events))
        c.signatures = sigs
        return c
    }

    @Test func cudaOOMBeatsStartupProbeSymptoms() throws {
        let c = context([LogSignature(kind: .gpuOutOfMemory, line: "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 96.00 MiB.")],
                        events: [Fx.refused("Startup", count: 3, first: 1005, last: 1015)])
        let v = try #require(CrashSignatureRule().evaluate(c))
        #expect(v.cause == .crash && v.confidence == .high && v.probe == nil)
        #expect(v.facts.contains { $0.source == .log && $0.text.contains("CUDA out of memory") })
        #expect(v.facts.contains { $0.text.contains("symptom") })
    }

    @Test func bareTracebackCountsOnlyWithoutSigterm() throws {
        let tb = LogSignature(kind: .unhandledException, line: "Traceback (most recent call last):")
        #expect(try #require(CrashSignatureRule().evaluate(context([tb]))).confidence == .medium)
        // vLLM prints a traceback ending in "KeyboardInterrupt: terminated" when SIGTERM arrives.
        let term = LogSignature(kind: .terminatedBySignal, line: "KeyboardInterrupt: terminated")
        #expect(CrashSignatureRule().evaluate(context([tb, term])) == nil)
    }

    @Test func noSignatureNoVerdict() {
        #expect(CrashSignatureRule().evaluate(context([])) == nil)
        #expect(CrashSignatureRule().evaluate(context([LogSignature(kind: .workerTimeout, line: "WORKER TIMEOUT")])) == nil)
    }
}
