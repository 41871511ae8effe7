import Foundation
import Testing
@testable import Diagnosis

/// Verdict logic with stand-in signal readers, so it is tested apart from the model-size and cache parsers.
@Suite struct LintVerdictTests {
    static let stub = LintSignals(
        isModelServer: { ($0.image ?? "").contains("vllm") },
        estimate: { c, bpp in
            guard let i = c.argv.firstIndex(of: "--model"), i + 1 < c.argv.count else { return nil }
            let id = c.argv[i + 1]
            let params: Double? = id.hasSuffix("8B") ? 8 : nil
            return ModelEstimate(modelID: id, parametersBillion: params, bytes: params.map { $0 * 1e9 * bpp }, foundIn: "args")
        },
        assess: { c, volumes in
            let mount = c.volumeMounts?.first { $0.mountPath == "/root/.cache/huggingface" }
            let vol = volumes.first { $0.name == mount?.name }
            let p: CacheAssessment.Persistence = vol?.persistentVolumeClaim != nil ? .persistent
                : vol?.emptyDir != nil ? .podLifetime : .none
            return CacheAssessment(persistence: p, cachePath: "/root/.cache/huggingface", volumeName: vol?.name, detail: "stub")
        })

    static func deployment(liveness: String?, startup: String? = nil, extraSpec: String = "", model: String = "org/Llama-8B",
                           image: String = "vllm/vllm-openai:v0.7.1", mounts: String = "") throws -> ManifestObject {
        var probes = ""
        if let liveness { probes += #", "livenessProbe": \#(liveness)"# }
        if let startup { probes += #", "startupProbe": \#(startup)"# }
        let json = """
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "llama", "namespace": "ml"},
             "spec": {"template": {"spec": {\(extraSpec)
               "containers": [{"name": "vllm", "image": "\(image)", "args": ["--model", "\(model)"],
                               "ports": [{"containerPort": 8000}],\(mounts)
                               "readinessProbe": {"httpGet": {"path": "/health", "port": 8000}}\(probes)}]}}}}
            """
        return try JSONDecoder().decode(ManifestObject.self, from: Data(json.utf8))
    }

    static let http = #"{"httpGet": {"path": "/health", "port": 8000}"#

    func lint(_ objects: [ManifestObject]) -> [LintResult] {
        Linter.lint(objects, settings: DiagnosisSettings(), signals: Self.stub)
    }

    @Test(arguments: [
        // (liveness, startup, verdict, cause, budget): need at 50 MB/s = 412 s, at 1 Gbit/s = 220 s.
        (http + #", "initialDelaySeconds": 120, "periodSeconds": 5}"#, nil, LintResult.Verdict.flag,
         Cause?.some(.probeKillDuringDownload), 135),
        (http + #", "periodSeconds": 5}"#, http + #", "periodSeconds": 5, "failureThreshold": 30}"#, .flag,
         .some(.probeKillDuringDownload), 150),
        (http + #", "initialDelaySeconds": 240, "periodSeconds": 5}"#, nil, .borderline, .some(.probeKillDuringDownload), 255),
        (http + #", "periodSeconds": 5}"#, http + #", "periodSeconds": 10, "failureThreshold": 35}"#, .borderline,
         .some(.probeKillDuringLoad), 350),
        (http + "}", http + #", "periodSeconds": 10, "failureThreshold": 60}"#, .info, nil, 600),
    ] as [(String, String?, LintResult.Verdict, Cause?, Int)])
    func budgetAgainstNeed(liveness: String, startup: String?, verdict: LintResult.Verdict, cause: Cause?, budget: Int) throws {
        let results = lint([try Self.deployment(liveness: liveness, startup: startup)])
        let r = try #require(results.first)
        #expect(results.count == 1)
        #expect(r.verdict == verdict && r.cause == cause && r.budgetSeconds == budget)
        #expect(r.needSeconds == 412 && r.model == "org/Llama-8B" && r.cache == CacheAssessment.Persistence.none)
        #expect(r.object == WorkloadRef(apiVersion: "apps/v1", kind: "Deployment", name: "llama", namespace: "ml"))
        if verdict == .info {
            #expect(r.remediation == nil)
            #expect(r.messages.contains { $0.contains("info: model cache at /root/.cache/huggingface is in the container's writable layer") })
        } else {
            let rem = try #require(r.remediation)
            #expect(rem.persistentCacheNeeded && rem.startupProbe?.failureThreshold == 62)
            #expect(rem.patch?.kubectl.hasPrefix("kubectl patch deployment llama -n ml --type=strategic") == true)
        }
    }

    @Test func noProbesIsNotBudgetZero() throws {
        let r = try #require(lint([try Self.deployment(liveness: nil)]).first)
        #expect(r.verdict == .info && r.budgetSeconds == nil && r.probe == nil && r.cause == nil)
        #expect(r.messages.contains { $0.contains("the kubelet never kills it for slowness") })
    }

    @Test func initContainerDownloadLeavesOnlyTheLoad() throws {
        let initSpec = #""initContainers": [{"name": "wait-download-model", "image": "amazon/aws-cli:2.6.4", "command": ["sh", "-c", "aws s3 sync s3://b/m /data"]}],"#
        let obj = try Self.deployment(liveness: Self.http + #", "initialDelaySeconds": 120, "periodSeconds": 5}"#, extraSpec: initSpec)
        let r = try #require(lint([obj]).first)
        #expect(r.verdict == .quiet && r.needSeconds == 92 && r.cause == nil)
        #expect(r.messages.contains { $0.contains("init container `wait-download-model`") })
    }

    @Test func persistentCacheStillFlagsATooShortBudget() throws {
        let vols = #""volumes": [{"name": "cache", "persistentVolumeClaim": {"claimName": "c"}}],"#
        let mounts = #""volumeMounts": [{"name": "cache", "mountPath": "/root/.cache/huggingface"}],"#
        let obj = try Self.deployment(liveness: Self.http + #", "periodSeconds": 5}"#, extraSpec: vols, mounts: mounts)
        let r = try #require(lint([obj]).first)
        #expect(r.verdict == .flag && r.cache == .persistent)
        #expect(r.remediation?.persistentCacheNeeded == false)
        #expect(!r.messages.contains { $0.contains("no persistent model cache") })
    }

    @Test func unknownSizeJudgesOnlyAgainstEngineStart() throws {
        let short = try Self.deployment(liveness: Self.http + #", "periodSeconds": 5}"#, model: "/models/llama")
        let r = try #require(lint([short]).first)
        #expect(r.verdict == .borderline && r.cause == .probeKillDuringLoad && r.needSeconds == nil && r.budgetSeconds == 15)
        let long = try Self.deployment(liveness: Self.http + #", "initialDelaySeconds": 300}"#, model: "/models/llama")
        #expect(try #require(lint([long]).first).verdict == .info)
    }

    @Test func nonModelContainersAndNonWorkloadsGiveNothing() throws {
        let web = try Self.deployment(liveness: Self.http + "}", image: "nginx:1.27")
        let service = try JSONDecoder().decode(ManifestObject.self, from: Data(#"{"apiVersion":"v1","kind":"Service","spec":{"ports":[]}}"#.utf8))
        let noKind = ManifestObject(apiVersion: nil, kind: nil, metadata: nil, spec: .object(["replicaCount": .number(1)]))
        let badTemplate = ManifestObject(apiVersion: "apps/v1", kind: "Deployment", metadata: nil,
                                         spec: .object(["template": .string("{{ .Values.x }}")]))
        let noContainers = ManifestObject(apiVersion: "apps/v1", kind: "StatefulSet", metadata: nil,
                                          spec: .object(["template": .object(["spec": .object(["containers": .null])])]))
        #expect(lint([web, service, noKind, badTemplate, noContainers]).isEmpty)
    }

    @Test func leaderWorkerSetLintsBothTemplatesWithTheirOwnPatchPaths() throws {
        let c = #"{"name": "vllm", "image": "vllm/vllm-openai", "args": ["--model", "org/Llama-8B"], "livenessProbe": {"httpGet": {"path": "/health", "port": 8000}}}"#
        let json = """
            {"apiVersion": "leaderworkerset.x-k8s.io/v1", "kind": "LeaderWorkerSet", "metadata": {"name": "lws"},
             "spec": {"leaderWorkerTemplate": {"leaderTemplate": {"spec": {"containers": [\(c)]}},
                                               "workerTemplate": {"spec": {"containers": [{"name": "sidecar", "image": "busybox"}, \(c)]}}}}}
            """
        let results = lint([try JSONDecoder().decode(ManifestObject.self, from: Data(json.utf8))])
        #expect(results.map(\.verdict) == [.flag, .flag])
        #expect(results[0].messages.first == "container in leaderTemplate")
        let leader = try #require(results[0].remediation?.patch)
        let worker = try #require(results[1].remediation?.patch)
        #expect(leader.type == .json && leader.body.contains("\"/spec/leaderWorkerTemplate/leaderTemplate/spec/containers/0/name\""))
        #expect(worker.body.contains("\"/spec/leaderWorkerTemplate/workerTemplate/spec/containers/1/startupProbe\""))
        #expect(worker.kubectl.hasPrefix("kubectl patch leaderworkerset lws --type=json -p '"))
    }

    @Test func inferenceServicePredictorModelIsDownloadedByTheStorageInitializer() throws {
        let json = """
            {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "llama", "namespace": "ml"},
             "spec": {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "image": "vllm/vllm-openai",
                "args": ["--model", "org/Llama-8B"], "storageUri": "hf://org/Llama-8B",
                "livenessProbe": {"httpGet": {"path": "/health", "port": 8080}, "initialDelaySeconds": 35}}}}}
            """
        let r = try #require(lint([try JSONDecoder().decode(ManifestObject.self, from: Data(json.utf8))]).first)
        #expect(r.container == "kserve-container")
        // 35 + 3 × 10 = 65 s < 92 s load (but ≥ 92 ÷ 1.5): the download happens before the container starts.
        #expect(r.verdict == .borderline && r.cause == .probeKillDuringLoad && r.needSeconds == 92)
        let patch = try #require(r.remediation?.patch)
        #expect(patch.type == .merge && patch.body.hasPrefix(#"{"spec":{"predictor":{"model":{"startupProbe":"#))
    }

    /// Where each built-in kind keeps its pod spec, and the patch that follows from it.
    @Test(arguments: [
        ("Pod", "%@", false, ""),
        ("ReplicaSet", #"{"template": {"spec": %@}}"#, true, #"{"spec":{"template":{"spec":{"containers":"#),
        ("DaemonSet", #"{"template": {"spec": %@}}"#, true, #"{"spec":{"template":{"spec":{"containers":"#),
        ("StatefulSet", #"{"template": {"spec": %@}}"#, true, #"{"spec":{"template":{"spec":{"containers":"#),
        ("Job", #"{"template": {"spec": %@}}"#, false, ""),
        ("CronJob", #"{"jobTemplate": {"spec": {"template": {"spec": %@}}}}"#, true,
         #"{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":"#),
    ])
    func podSpecLocationByKind(kind: String, wrapper: String, applicable: Bool, bodyPrefix: String) throws {
        let podSpec = #"{"containers": [{"name": "vllm", "image": "vllm/vllm-openai", "args": ["--model", "org/Llama-8B"], "livenessProbe": {"httpGet": {"path": "/health", "port": 8000}}}]}"#
        let spec = wrapper.replacingOccurrences(of: "%@", with: podSpec)
        let json = #"{"apiVersion": "v1", "kind": "\#(kind)", "metadata": {"name": "w", "namespace": "ml"}, "spec": \#(spec)}"#
        let r = try #require(lint([try JSONDecoder().decode(ManifestObject.self, from: Data(json.utf8))]).first)
        #expect(r.verdict == .flag && r.budgetSeconds == 30)
        let patch = try #require(r.remediation?.patch)
        #expect(patch.canApply == applicable)
        if applicable {
            #expect(patch.type == .strategic && patch.body.hasPrefix(bodyPrefix))
            #expect(patch.kubectl.hasPrefix("kubectl patch \(kind.lowercased()) w -n ml --type=strategic -p '"))
        } else {
            #expect(patch.note?.contains("immutable") == true)
            if kind == "Job" { #expect(patch.note?.contains("containers[name=vllm]") == true) }
        }
    }
}
