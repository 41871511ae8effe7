/// Infers the workload a human owns from a pod alone, when the owner chain was not resolved
/// (kubernetes-facts §8.2).
enum PatchTargetInference {
    /// Label every LeaderWorkerSet pod carries (kubernetes-sigs/lws `leaderworkerset.sigs.k8s.io/name`).
    static let lwsNameLabel = "leaderworkerset.sigs.k8s.io/name"
    /// Label KServe puts on predictor pods (`constants.InferenceServicePodLabelKey`).
    static let kserveISVCLabel = "serving.kserve.io/inferenceservice"
    /// LLMInferenceService workload pods: part-of + name (kserve llmisvc `GetWorkloadLabelSelector`).
    static let partOfLabel = "app.kubernetes.io/part-of"
    static let appNameLabel = "app.kubernetes.io/name"
    /// The Deployment controller labels each ReplicaSet and its pods with the template hash
    /// (`apps.DefaultDeploymentUniqueLabelKey`).
    static let podTemplateHashLabel = "pod-template-hash"
    /// Alphabet of `rand.SafeEncodeString` (apimachinery util/rand), used for pod-template-hash.
    static let safeHashAlphabet = Set("bcdfghjklmnpqrstvwxz2456789")

    static func infer(pod: Pod) -> WorkloadRef? {
        if let op = operatorTarget(pod: pod) { return op }
        let labels = pod.metadata.labels ?? [:]
        let ns = pod.metadata.namespace
        guard let ctl = pod.metadata.controller else { return nil }
        let ref = WorkloadRef(apiVersion: ctl.apiVersion, kind: ctl.kind, name: ctl.name, namespace: ns)
        switch ctl.kind {
        case "ReplicaSet":
            guard let deployment = deploymentName(replicaSet: ctl.name, hash: labels[podTemplateHashLabel]) else { return ref }
            return WorkloadRef(apiVersion: "apps/v1", kind: "Deployment", name: deployment, namespace: ns)
        default:
            // StatefulSet, DaemonSet, Job (its CronJob, if any, is not visible from the pod),
            // AIBrix RoleSet/PodSet (the planner names the StormService field), anything else as is.
            return ref
        }
    }

    /// The operator object named by the pod's labels. Operators sit above the built-in controllers: their
    /// pods' controller is a generated StatefulSet/Deployment that the operator would revert if patched,
    /// and an LWS worker's chain even runs through the leader pod (lws pod_controller.go).
    static func operatorTarget(pod: Pod) -> WorkloadRef? {
        let labels = pod.metadata.labels ?? [:]
        let ns = pod.metadata.namespace
        if let lws = labels[lwsNameLabel], !lws.isEmpty {
            return WorkloadRef(apiVersion: "leaderworkerset.x-k8s.io/v1", kind: "LeaderWorkerSet", name: lws, namespace: ns)
        }
        if let isvc = labels[kserveISVCLabel], !isvc.isEmpty {
            return WorkloadRef(apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", name: isvc, namespace: ns)
        }
        if labels[partOfLabel] == "llminferenceservice", let name = labels[appNameLabel], !name.isEmpty {
            return WorkloadRef(apiVersion: "serving.kserve.io/v1alpha1", kind: "LLMInferenceService", name: name, namespace: ns)
        }
        return nil
    }

    /// `NAME-HASH` → `NAME`: with the pod-template-hash label when present, else when the last
    /// dash-separated segment looks like a generated hash (deployment controller `ReplicaSet` naming).
    static func deploymentName(replicaSet: String, hash: String?) -> String? {
        if let hash, !hash.isEmpty {
            guard replicaSet.hasSuffix("-" + hash) else { return nil }
            let name = String(replicaSet.dropLast(hash.count + 1))
            return name.isEmpty ? nil : name
        }
        guard let dash = replicaSet.lastIndex(of: "-") else { return nil }
        let suffix = replicaSet[replicaSet.index(after: dash)...]
        let name = String(replicaSet[..<dash])
        guard !name.isEmpty, (5...10).contains(suffix.count), suffix.allSatisfy({ safeHashAlphabet.contains($0) }) else {
            return nil
        }
        return name
    }
}
