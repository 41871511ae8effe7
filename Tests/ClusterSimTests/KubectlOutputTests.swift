import Foundation
import Testing
@testable import ClusterSim

/// kubectl's default (table) output and `kubectl logs` against ClusterSim.
@Suite struct KubectlOutputTests {
    @Test(.enabled(if: KubectlFidelityTests.available)) func defaultOutputPrintsPods() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Fixtures.pod("llama-0"))
            let (rc, out, err) = try await runProcess(KubectlFidelityTests.kubectl, ["--server", sim.baseURL, "get", "pods", "-n", "ml",
                                                                                     "--cache-dir", try tempDir(), "--request-timeout=20s"])
            #expect(rc == 0, "kubectl failed: \(err)")
            #expect(out.contains("llama-0"))
        }
    }

    @Test(.enabled(if: KubectlFidelityTests.available)) func logsCurrentAndPrevious() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Fixtures.pod("llama-0"))
            sim.appendLog(namespace: "ml", pod: "llama-0", container: "vllm", line: "Loading safetensors shard 3/4")
            let base = ["--server", sim.baseURL, "--cache-dir", try tempDir(), "--request-timeout=20s", "logs", "-n", "ml", "llama-0"]
            let missing = try await runProcess(KubectlFidelityTests.kubectl, base + ["--previous"])
            #expect(missing.0 != 0)
            #expect(missing.2.contains(#"previous terminated container "vllm" in pod "llama-0" not found"#))
            sim.rotateLog(namespace: "ml", pod: "llama-0", container: "vllm")
            sim.appendLog(namespace: "ml", pod: "llama-0", container: "vllm", line: "Starting again")
            let previous = try await runProcess(KubectlFidelityTests.kubectl, base + ["--previous"])
            #expect(previous.0 == 0, "kubectl failed: \(previous.2)")
            #expect(previous.1 == "Loading safetensors shard 3/4\n")
            let current = try await runProcess(KubectlFidelityTests.kubectl, base + ["-c", "vllm"])
            #expect(current.1 == "Starting again\n")
        }
    }
}
