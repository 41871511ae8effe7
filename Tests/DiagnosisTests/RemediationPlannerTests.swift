import Foundation
import Testing
import Yams
@testable import Diagnosis

/// Fixtures shared by the planner tests.
enum PlannerFixtures {
    static let liveness = Probe(httpGet: HTTPGetAction(path: "/health", port: .int(8000), scheme: "HTTP"),
                                initialDelaySeconds: 120, timeoutSeconds: 5, periodSeconds: 5, failureThreshold: 3)
    static let vllm = Container(name: "vllm", image: "vllm/vllm-openai:v0.7.1", ports: [ContainerPort(containerPort: 8000)],
                                livenessProbe: liveness)
    static let sidecar = Container(name: "proxy", image: "envoy")
    static let need = NeedEstimate(seconds: 412, basis: "16.0 GB model at an assumed 50 MB/s + 92 s load",
                                   downloadSeconds: 320, loadSeconds: 92)
    static let noCache = CacheAssessment(persistence: .none, cachePath: "/root/.cache/huggingface", volumeName: nil,
                                         detail: "container layer")

    static func pod(_ containers: [Container] = [sidecar, vllm], labels: [String: String]? = nil,
                    controller: OwnerReference? = nil) -> Pod {
        Pod(metadata: ObjectMeta(name: "p-0", namespace: "ml", labels: labels,
                                 ownerReferences: controller.map { [$0] }),
            spec: PodSpec(containers: containers))
    }

    static func json(_ s: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(s.utf8))
    }

    /// Undoes POSIX single-quoting of the last word of a kubectl line.
    static func unquoteLastWord(_ line: String) -> String? {
        guard let start = line.range(of: " -p '")?.upperBound, line.hasSuffix("'") else { return nil }
        let quoted = String(line[start..<line.index(before: line.endIndex)])
        return quoted.replacingOccurrences(of: "'\\''", with: "'")
    }
}

@Suite struct RemediationPlannerTests {
    typealias F = PlannerFixtures
    let settings = DiagnosisSettings()

    @Test func failureThresholdCoversNeedWithinTwiceForOneMinuteToThreeHours() {
        for need in stride(from: 60.0, through: 3 * 3600, by: 7) {
            let f = RemediationPlanner.failureThreshold(needSeconds: need, margin: 1.5, periodSeconds: 10)
            let budget = Double(10 * f)
            #expect(budget >= need * 1.5, "need \(need)")
            #expect(budget <= need * 2, "need \(need)")
            // Even the earliest kill decision, (F − 1) × P after start (kubernetes-facts §3.3), comes after the need.
            #expect(Double(10 * (f - 1)) >= need, "need \(need)")
        }
        #expect(RemediationPlanner.failureThreshold(needSeconds: 412, margin: 1.5, periodSeconds: 10) == 62)
        #expect(RemediationPlanner.failureThreshold(needSeconds: 0, margin: 1.5, periodSeconds: 10) == 1)
    }

    @Test func startupProbeCopiesLivenessHandlerAndTimeout() throws {
        let a = try #require(RemediationPlanner.startupProbe(for: F.vllm, needSeconds: 412, settings: settings))
        #expect(a.periodSeconds == 10 && a.failureThreshold == 62 && a.budgetSeconds == 620)
        #expect(a.probe.httpGet == F.liveness.httpGet)
        #expect(a.probe.timeoutSeconds == 5)
        #expect(a.probe.initialDelaySeconds == nil)
        #expect(a.probe.periodSeconds == 10 && a.probe.failureThreshold == 62)
    }

    @Test func startupProbeHandlerFallbacks() throws {
        var c = Container(name: "tgi", ports: [ContainerPort(containerPort: 80)],
                          readinessProbe: Probe(exec: ExecAction(command: ["cat", "/ready"])))
        #expect(try #require(RemediationPlanner.startupProbe(for: c, needSeconds: 100, settings: settings)).probe.exec?.command
                == ["cat", "/ready"])
        c.readinessProbe = nil
        #expect(try #require(RemediationPlanner.startupProbe(for: c, needSeconds: 100, settings: settings)).probe.tcpSocket?.port
                == .int(80))
        c.ports = nil
        #expect(RemediationPlanner.startupProbe(for: c, needSeconds: 100, settings: settings) == nil)
        // An existing (too short) startupProbe keeps its own handler, so a strategic merge cannot mix handlers.
        c.livenessProbe = F.liveness
        c.startupProbe = Probe(tcpSocket: TCPSocketAction(port: .int(8000)), periodSeconds: 5, failureThreshold: 30)
        let a = try #require(RemediationPlanner.startupProbe(for: c, needSeconds: 100, settings: settings))
        #expect(a.probe.tcpSocket != nil && a.probe.httpGet == nil)
    }

    @Test(arguments: [
        // (owners, labels, controller, expected kind, expected name)
        ([WorkloadRef(kind: "ReplicaSet", name: "llama-8b-7d9f8c6b5"), WorkloadRef(kind: "Deployment", name: "llama-8b")],
         nil, nil, "Deployment", "llama-8b"),
        ([], ["pod-template-hash": "7d9f8c6b5"], OwnerReference(kind: "ReplicaSet", name: "llama-8b-7d9f8c6b5", controller: true),
         "Deployment", "llama-8b"),
        ([], nil, OwnerReference(kind: "ReplicaSet", name: "llama-8b-5c4d7", controller: true), "Deployment", "llama-8b"),
        ([], nil, OwnerReference(kind: "ReplicaSet", name: "web-frontend", controller: true), "ReplicaSet", "web-frontend"),
        ([], nil, OwnerReference(kind: "StatefulSet", name: "sglang", controller: true), "StatefulSet", "sglang"),
        ([], nil, OwnerReference(kind: "DaemonSet", name: "ollama", controller: true), "DaemonSet", "ollama"),
        ([], nil, OwnerReference(kind: "Job", name: "warmup-2901", controller: true), "Job", "warmup-2901"),
        ([], ["leaderworkerset.sigs.k8s.io/name": "vllm-lws"], OwnerReference(kind: "StatefulSet", name: "vllm-lws-0", controller: true),
         "LeaderWorkerSet", "vllm-lws"),
        ([], ["serving.kserve.io/inferenceservice": "llama"], OwnerReference(kind: "ReplicaSet", name: "llama-predictor-6b7c9", controller: true),
         "InferenceService", "llama"),
        ([], ["app.kubernetes.io/part-of": "llminferenceservice", "app.kubernetes.io/name": "qwen"], nil, "LLMInferenceService", "qwen"),
        ([], nil, OwnerReference(kind: "RoleSet", name: "storm-roleset-x", controller: true), "RoleSet", "storm-roleset-x"),
        // A resolved chain that stops below the operator: an LWS worker's chain runs through the leader pod.
        ([WorkloadRef(kind: "StatefulSet", name: "vllm-lws-0"), WorkloadRef(kind: "Pod", name: "vllm-lws-0")],
         ["leaderworkerset.sigs.k8s.io/name": "vllm-lws"], nil, "LeaderWorkerSet", "vllm-lws"),
        ([WorkloadRef(kind: "ReplicaSet", name: "llama-predictor-6b7c9"), WorkloadRef(kind: "Deployment", name: "llama-predictor")],
         ["serving.kserve.io/inferenceservice": "llama"], nil, "InferenceService", "llama"),
    ] as [([WorkloadRef], [String: String]?, OwnerReference?, String, String)])
    func patchTargetByOwnerKind(owners: [WorkloadRef], labels: [String: String]?, controller: OwnerReference?,
                                kind: String, name: String) throws {
        let t = try #require(RemediationPlanner.patchTarget(pod: F.pod(labels: labels, controller: controller), owners: owners))
        #expect(t.kind == kind && t.name == name && t.namespace == "ml")
    }

    @Test func barePodHasNoPatchTarget() {
        #expect(RemediationPlanner.patchTarget(pod: F.pod(), owners: []) == nil)
    }

    @Test(arguments: [("Deployment", "deployment", ["spec", "template", "spec"]),
                      ("StatefulSet", "statefulset", ["spec", "template", "spec"]),
                      ("DaemonSet", "daemonset", ["spec", "template", "spec"]),
                      ("CronJob", "cronjob", ["spec", "jobTemplate", "spec", "template", "spec"])])
    func strategicMergePatchForBuiltIns(kind: String, resource: String, path: [String]) throws {
        let owners = [WorkloadRef(apiVersion: "apps/v1", kind: kind, name: "llama-8b")]
        let r = try #require(RemediationPlanner.plan(containerName: "vllm", pod: F.pod(), owners: owners, need: F.need,
                                                     cache: F.noCache, settings: settings))
        let patch = try #require(r.patch)
        #expect(patch.type == .strategic && patch.canApply && patch.target.name == "llama-8b")
        #expect(patch.kubectl == "kubectl patch \(resource) llama-8b -n ml --type=strategic -p '\(patch.body)'")
        var node = try #require(try F.json(patch.body) as? [String: Any])
        for key in path { node = try #require(node[key] as? [String: Any]) }
        let containers = try #require(node["containers"] as? [[String: Any]])
        #expect(containers.count == 1 && containers[0]["name"] as? String == "vllm")
        let probe = try #require(containers[0]["startupProbe"] as? [String: Any])
        #expect(probe["periodSeconds"] as? Int == 10 && probe["failureThreshold"] as? Int == 62)
        #expect(probe["timeoutSeconds"] as? Int == 5 && probe["initialDelaySeconds"] == nil)
        #expect((probe["httpGet"] as? [String: Any])?["path"] as? String == "/health")
        // Stable, sorted, compact.
        #expect(patch.body.contains("{\"name\":\"vllm\",\"startupProbe\":{\"failureThreshold\":62,\"httpGet\":"))
        #expect(!patch.body.contains(" ") && !patch.body.contains("\\/"))
        // The YAML snippet says the same thing.
        let yaml = try #require(try Yams.load(yaml: patch.yaml) as? [String: Any])
        #expect(NSDictionary(dictionary: yaml).isEqual(to: try #require(try F.json(patch.body) as? [String: Any])))
        #expect(r.needSeconds == 412 && r.startupProbe?.budgetSeconds == 620 && r.persistentCacheNeeded)
    }

    @Test func leaderWorkerSetGetsAGuardedJSONPatchByIndex() throws {
        let owners = [WorkloadRef(kind: "StatefulSet", name: "vllm-lws"), WorkloadRef(kind: "LeaderWorkerSet", name: "vllm-lws")]
        let r = try #require(RemediationPlanner.plan(containerName: "vllm", pod: F.pod(), owners: owners, need: F.need,
                                                     cache: F.noCache, settings: settings))
        let patch = try #require(r.patch)
        #expect(patch.type == .json)
        #expect(patch.kubectl == "kubectl patch leaderworkerset vllm-lws -n ml --type=json -p '\(patch.body)'")
        let ops = try #require(try F.json(patch.body) as? [[String: Any]])
        #expect(ops.count == 2)
        #expect(ops[0]["op"] as? String == "test" && ops[0]["value"] as? String == "vllm")
        #expect(ops[0]["path"] as? String == "/spec/leaderWorkerTemplate/workerTemplate/spec/containers/1/name")
        #expect(ops[1]["op"] as? String == "add")
        #expect(ops[1]["path"] as? String == "/spec/leaderWorkerTemplate/workerTemplate/spec/containers/1/startupProbe")
        #expect((ops[1]["value"] as? [String: Any])?["failureThreshold"] as? Int == 62)
        #expect(patch.note?.contains("leaderTemplate") == true)
    }

    @Test func inferenceServiceGetsAMergePatchOnPredictorModel() throws {
        var c = F.vllm
        c.name = "kserve-container"
        let pod = F.pod([c], labels: ["serving.kserve.io/inferenceservice": "llama"])
        let r = try #require(RemediationPlanner.plan(containerName: "kserve-container", pod: pod, owners: [], need: F.need,
                                                     cache: F.noCache, settings: settings))
        let patch = try #require(r.patch)
        #expect(patch.type == .merge && patch.note != nil)
        #expect(patch.kubectl.hasPrefix("kubectl patch inferenceservice llama -n ml --type=merge -p '"))
        let body = try #require(try F.json(patch.body) as? [String: Any])
        let model = try #require(((body["spec"] as? [String: Any])?["predictor"] as? [String: Any])?["model"] as? [String: Any])
        #expect((model["startupProbe"] as? [String: Any])?["failureThreshold"] as? Int == 62)
    }

    @Test(arguments: [
        (OwnerReference?.none, [WorkloadRef](), "immutable"),
        (OwnerReference?.none, [WorkloadRef(kind: "StormService", name: "ds")], "spec.template.spec.roles"),
        (OwnerReference(kind: "RoleSet", name: "ds-rs", controller: true), [WorkloadRef](), "spec.template.spec.roles"),
        (OwnerReference(kind: "Job", name: "bench", controller: true), [WorkloadRef](), "CronJob"),
    ])
    func noteOnlyTargetsGiveYAMLAndANote(controller: OwnerReference?, owners: [WorkloadRef], notePart: String) throws {
        let r = try #require(RemediationPlanner.plan(containerName: "vllm", pod: F.pod(controller: controller), owners: owners,
                                                     need: F.need, cache: F.noCache, settings: settings))
        let patch = try #require(r.patch)
        #expect(!patch.canApply && patch.body.isEmpty && patch.kubectl.isEmpty)
        #expect(patch.note?.contains(notePart) == true, "\(patch.note ?? "")")
        #expect(patch.yaml.contains("- name: vllm\n  startupProbe:\n"))
        #expect(patch.yaml.contains("failureThreshold: 62"))
    }

    @Test func kubectlLineSurvivesQuotesInTheProbe() throws {
        var c = F.vllm
        c.livenessProbe = Probe(exec: ExecAction(command: ["sh", "-c", "curl -s localhost:8000/health | grep -q 'ok'"]))
        let r = try #require(RemediationPlanner.plan(containerName: "vllm", pod: F.pod([c]),
                                                     owners: [WorkloadRef(kind: "Deployment", name: "llama-8b")],
                                                     need: F.need, cache: F.noCache, settings: settings))
        let patch = try #require(r.patch)
        #expect(patch.kubectl.contains("'\\''ok'\\''"))
        #expect(F.unquoteLastWord(patch.kubectl) == patch.body)
        // The YAML snippet (sequences, quoted strings) reads back to the same object as the JSON body.
        let yaml = try #require(try Yams.load(yaml: patch.yaml) as? [String: Any])
        #expect(NSDictionary(dictionary: yaml).isEqual(to: try #require(try F.json(patch.body) as? [String: Any])))
    }

    @Test func alternativesNameTheCacheAndTheModel() throws {
        let model = ModelEstimate(modelID: "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", parametersBillion: 8, bytes: 16e9, foundIn: "args")
        let owners = [WorkloadRef(kind: "Deployment", name: "llama-8b")]
        let r = try #require(RemediationPlanner.plan(containerName: "vllm", pod: F.pod(), owners: owners, need: F.need,
                                                     cache: F.noCache, model: model, settings: settings))
        #expect(r.alternatives.count == 4)
        #expect(r.alternatives[0].contains("PersistentVolumeClaim at /root/.cache/huggingface"))
        #expect(r.alternatives[0].contains("`llama-8b-model-cache`"))
        #expect(r.alternatives[1].contains("huggingface-cli download deepseek-ai/DeepSeek-R1-Distill-Llama-8B"))
        #expect(r.alternatives[1].contains("probes do not run for init containers"))
        #expect(r.alternatives[2].contains("initialDelaySeconds") && r.alternatives[2].contains("618 s"))
        let emptyDir = CacheAssessment(persistence: .podLifetime, cachePath: "/models", volumeName: "model-cache", detail: "")
        let r2 = try #require(RemediationPlanner.plan(containerName: "vllm", pod: F.pod(), owners: owners, need: F.need,
                                                      cache: emptyDir, settings: settings))
        #expect(!r2.persistentCacheNeeded)
        #expect(r2.alternatives[0].contains("emptyDir volume `model-cache` at /models"))
        let pvc = CacheAssessment(persistence: .persistent, cachePath: "/models", volumeName: "cache", detail: "")
        let r3 = try #require(RemediationPlanner.plan(containerName: "vllm", pod: F.pod(), owners: owners, need: F.need,
                                                      cache: pvc, settings: settings))
        #expect(!r3.alternatives.contains { $0.contains("PersistentVolumeClaim at") })
    }

    @Test func unknownContainerOrInitContainerGetsNoPlan() {
        var pod = F.pod()
        pod.spec?.initContainers = [Container(name: "download")]
        #expect(RemediationPlanner.plan(containerName: "download", pod: pod, owners: [], need: F.need, cache: F.noCache,
                                        settings: settings) == nil)
        #expect(RemediationPlanner.plan(containerName: "nope", pod: pod, owners: [], need: F.need, cache: F.noCache,
                                        settings: settings) == nil)
    }
}
