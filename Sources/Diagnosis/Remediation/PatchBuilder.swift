/// Where a container's pod spec sits inside the object to patch, and which patch type that object takes
/// (kubernetes-facts §8.3).
enum TemplateLocation: Sendable, Hashable {
    /// A built-in workload: strategic merge patch, containers merged by `name`
    /// (`patchMergeKey:"name"` on PodSpec.Containers, kubernetes/api core/v1/types.go).
    case strategic(podSpecPath: [String])
    /// A custom resource holding a pod spec: CRDs reject strategic merge (apiextensions-apiserver
    /// `customresource_handler.go` supportedTypes → 415), and a merge patch would replace the whole
    /// containers array (RFC 7386), so a JSON patch by index, guarded by a `test` on the name.
    case jsonPatch(podSpecPath: [String], note: String?)
    /// A custom resource embedding one container as an object (KServe `spec.predictor.model`):
    /// a merge patch is safe because no list is involved.
    case inlineContainer(path: [String], note: String)
    /// restartwatch cannot write a safe patch; the note names the field to change.
    case noteOnly(String)

    /// The location for a patch target found from a running pod.
    static func forTarget(_ target: WorkloadRef?, containerName: String) -> TemplateLocation {
        guard let target else {
            return .noteOnly("This pod has no controller. Pod specs are immutable (probes cannot be patched on a "
                + "running pod): delete and re-create the pod with this startupProbe, or better, run it from a Deployment.")
        }
        switch target.kind {
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet":
            return .strategic(podSpecPath: ["spec", "template", "spec"])
        case "CronJob":
            return .strategic(podSpecPath: ["spec", "jobTemplate", "spec", "template", "spec"])
        case "Job":
            // batch/v1 validation: a Job's spec.template is immutable once created.
            return .noteOnly("Job \(target.name): a Job's pod template is immutable. Add the startupProbe to the "
                + "CronJob's spec.jobTemplate.spec.template.spec.containers[name=\(containerName)] if a CronJob creates "
                + "this Job, else to the manifest, and re-create the Job.")
        case "LeaderWorkerSet":
            return .jsonPatch(podSpecPath: ["spec", "leaderWorkerTemplate", "workerTemplate", "spec"],
                              note: "If the LeaderWorkerSet also sets leaderTemplate, apply the same two operations under "
                                + "/spec/leaderWorkerTemplate/leaderTemplate/spec/containers/<i>. With the default "
                                + "RecreateGroupOnPodRestart policy a probe kill recreates the whole group (lws pod_controller.go).")
        case "InferenceService":
            if containerName == "kserve-container" {
                return .inlineContainer(path: ["spec", "predictor", "model"],
                    note: "KServe copies spec.predictor.model (an inline container) into the predictor pod; use the "
                        + "serving runtime's real readiness endpoint in the handler.")
            }
            return .noteOnly("InferenceService \(target.name): add startupProbe to the custom predictor container "
                + "spec.predictor.containers[name=\(containerName)] with a JSON patch by index.")
        case "LLMInferenceService":
            return .noteOnly("LLMInferenceService \(target.name): add startupProbe to spec.template.containers[name=\(containerName)] "
                + "(or spec.worker for multi-node), or to the LLMInferenceServiceConfig its baseRefs name.")
        case "ServingRuntime", "ClusterServingRuntime":
            return .jsonPatch(podSpecPath: ["spec"],
                              note: "\(target.kind) \(target.name) is shared by every InferenceService that selects it.")
        case "StormService", "RoleSet", "PodSet":
            return .noteOnly("AIBrix \(target.kind) \(target.name): add startupProbe to the owning StormService's "
                + "spec.template.spec.roles[i].template.spec.containers[name=\(containerName)] (RoleSets and PodSets are "
                + "generated from it and would be reverted).")
        default:
            return .noteOnly("\(target.kind) \(target.name): add startupProbe to the pod template's "
                + "containers[name=\(containerName)] in the object that owns it.")
        }
    }
}

/// Builds the Patch value (body, kubectl line, YAML) for one container at one location.
enum PatchBuilder {
    /// Kinds that live outside namespaces (kubectl must not get `-n`).
    static let clusterScoped: Set<String> = ["ClusterServingRuntime"]

    static func build(target: WorkloadRef?, location: TemplateLocation, containerName: String, containerIndex: Int,
                      probe: Probe) -> Patch {
        let probeJSON = Rendering.jsonValue(probe)
        let listEntry: JSONValue = .object(["name": .string(containerName), "startupProbe": probeJSON])
        let ref = target ?? WorkloadRef(apiVersion: "v1", kind: "Pod", name: "", namespace: nil)
        switch location {
        case .strategic(let path):
            let body = Rendering.nest(.object(["containers": .array([listEntry])]), under: path)
            let json = Rendering.compactJSON(body)
            return Patch(target: ref, type: .strategic, body: json, kubectl: kubectl(ref, type: .strategic, body: json),
                         yaml: Rendering.yaml(body))
        case .jsonPatch(let path, let note):
            let base = pointer(path + ["containers", String(containerIndex)])
            let ops: JSONValue = .array([
                .object(["op": .string("test"), "path": .string(base + "/name"), "value": .string(containerName)]),
                .object(["op": .string("add"), "path": .string(base + "/startupProbe"), "value": probeJSON]),
            ])
            let json = Rendering.compactJSON(ops)
            let yamlBody = Rendering.nest(.object(["containers": .array([listEntry])]), under: path)
            return Patch(target: ref, type: .json, body: json, kubectl: kubectl(ref, type: .json, body: json),
                         yaml: Rendering.yaml(yamlBody), note: note)
        case .inlineContainer(let path, let note):
            let body = Rendering.nest(.object(["startupProbe": probeJSON]), under: path)
            let json = Rendering.compactJSON(body)
            return Patch(target: ref, type: .merge, body: json, kubectl: kubectl(ref, type: .merge, body: json),
                         yaml: Rendering.yaml(body), note: note)
        case .noteOnly(let note):
            let snippet: JSONValue = .object(["containers": .array([listEntry])])
            return Patch(target: ref, type: .strategic, body: "", kubectl: "", yaml: Rendering.yaml(snippet), note: note)
        }
    }

    /// `kubectl patch <kind> <name> [-n <ns>] --type=<type> -p '<json>'`.
    static func kubectl(_ ref: WorkloadRef, type: Patch.PatchType, body: String) -> String {
        var words = ["kubectl", "patch", ref.kind.lowercased(), Rendering.shellArg(ref.name)]
        if let ns = ref.namespace, !ns.isEmpty, !clusterScoped.contains(ref.kind) {
            words += ["-n", Rendering.shellArg(ns)]
        }
        words += ["--type=\(type.rawValue)", "-p", Rendering.shellQuote(body)]
        return words.joined(separator: " ")
    }

    /// RFC 6901 JSON pointer: `~` → `~0`, `/` → `~1`.
    static func pointer(_ tokens: [String]) -> String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }
}

extension Patch {
    /// False for advice restartwatch cannot apply itself (bare pods, Jobs, AIBrix/KServe fields): the
    /// body and kubectl line are empty and `note` says what to change.
    public var canApply: Bool { !body.isEmpty && !kubectl.isEmpty }
}
