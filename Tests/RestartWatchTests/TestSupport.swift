import Foundation
@testable import Diagnosis

/// Paths and small builders shared by the RestartWatch tests.
enum TestPaths {
    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// ../shared/corpus beside the clone (CI lays shared/ out the same way).
    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static func temporaryDirectory(_ label: String = "rw") -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}

func makeFinding(pod: String = "llama-8b-6c9f7d5b8-x2kqp", cause: Cause = .probeKillDuringDownload,
                 confidence: Confidence = .high, need: Int = 400, owner: WorkloadRef? = WorkloadRef(kind: "Deployment", name: "llama-8b")) -> Finding {
    let advice = StartupProbeAdvice(periodSeconds: 10, failureThreshold: 60, budgetSeconds: 600, probe: Probe())
    let rem = Remediation(needSeconds: need, needBasis: "test", startupProbe: advice, persistentCacheNeeded: true,
                          patch: nil, alternatives: [])
    return Finding(namespace: "ml", pod: pod, container: "vllm", cause: cause, probe: cause.isProbeKill ? .liveness : nil,
                   owner: owner, confidence: confidence, facts: [Fact(.event, "Killing: failed liveness probe")],
                   remediation: cause.isProbeKill ? rem : nil, rule: "test", summary: "test finding")
}
