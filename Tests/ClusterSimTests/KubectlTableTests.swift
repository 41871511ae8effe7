import Foundation
import Testing
@testable import ClusterSim

/// kubectl's default (table) output asks for `as=Table`; ClusterSim answers with a plain list and
/// kubectl must still print the pods.
@Suite struct KubectlTableTests {
    @Test(.enabled(if: KubectlFidelityTests.available)) func defaultOutputPrintsPods() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Fixtures.pod("llama-0"))
            let (rc, out, err) = try await runProcess(KubectlFidelityTests.kubectl, ["--server", sim.baseURL, "get", "pods", "-n", "ml",
                                                                                     "--cache-dir", try tempDir(), "--request-timeout=20s"])
            #expect(rc == 0, "kubectl failed: \(err)")
            #expect(out.contains("llama-0"))
        }
    }
}
