/// Turns a need estimate into a startupProbe, a patch for the owning workload and alternatives.
public enum RemediationPlanner {
    /// The owner a human (or GitOps) owns: the top of the chain; when the chain is unknown, inferred
    /// from the pod's controller reference (ReplicaSet `NAME-HASH` → Deployment `NAME`, kubernetes-facts §8.2).
    public static func patchTarget(pod: Pod, owners: [WorkloadRef]) -> WorkloadRef? {
        nil // PLACEHOLDER: replaced by the Remediation work (issue #3)
    }

    /// The full remediation for a probe kill of `containerName` in `pod`.
    public static func plan(containerName: String, pod: Pod, owners: [WorkloadRef], need: NeedEstimate,
                            cache: CacheAssessment, settings: DiagnosisSettings) -> Remediation? {
        nil // PLACEHOLDER: replaced by the Remediation work (issue #3)
    }
}
