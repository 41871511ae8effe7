import Foundation
import Testing
import Yams
@testable import Diagnosis

/// `CacheLocator.assess`: built from Container/Volume values and from the corpus manifests (INDEX.json `cache_volume`).
@Suite struct SignalsCacheTests {
    private struct Workload: Decodable {
        var kind: String?
        var spec: Spec?
        struct Spec: Decodable { var template: Template?; var containers: [Container]?; var volumes: [Volume]? }
        struct Template: Decodable { var spec: PodSpec? }
    }

    /// The pod specs of every Deployment / StatefulSet document in a corpus manifest.
    private func podSpecs(_ file: String) throws -> [PodSpec] {
        try Yams.compose_all(yaml: try SignalsCorpus.manifestText(file)).compactMap { node in
            guard node.mapping != nil else { return nil }   // comment-only documents
            let w = try YAMLDecoder().decode(Workload.self, from: node)
            return ["Deployment", "StatefulSet"].contains(w.kind ?? "") ? w.spec?.template?.spec : nil
        }
    }

    private func assessFirst(_ file: String) throws -> (Container, CacheAssessment) {
        let spec = try #require(try podSpecs(file).first)
        let c = try #require(spec.containers.first)
        return (c, CacheLocator.assess(c, volumes: spec.volumes ?? []))
    }

    @Test(arguments: [
        "01-aibrix-quickstart-deepseek-r1-distill-llama-8b-v0.2.0.yaml",
        "02-aibrix-quickstart-deepseek-r1-distill-llama-8b-pr773.yaml",
        "03-aibrix-quickstart-deepseek-r1-distill-llama-8b-current.yaml",
        "04-aibrix-quickstart-deepseek-r1-distill-llama-8b-pr773-branch-240s.yaml",
    ])
    func aibrixQuickstartsCacheInTheWritableLayer(file: String) throws {
        let (c, a) = try assessFirst(file)
        #expect(a.persistence == .none && a.restartsFromZero)
        #expect(a.cachePath == "/root/.cache/huggingface" && a.volumeName == nil)
        #expect(a.detail.contains("writable layer"))
        let e = try #require(ModelSize.estimate(for: c))
        #expect(e.modelID == "deepseek-ai/DeepSeek-R1-Distill-Llama-8B" && e.parametersBillion == 8 && e.bytes == 16e9)
        #expect(ModelSize.isModelServer(c))
    }

    @Test func vllmDocsPVCAtTheHFCache() throws {
        let (c, a) = try assessFirst("06-vllm-docs-k8s-mistral-7b-amd-gpu-no-probes.yaml")
        #expect(a.persistence == .persistent && !a.restartsFromZero)
        #expect(a.volumeName == "cache-volume" && a.cachePath == "/root/.cache/huggingface")
        #expect(a.detail.contains("PVC 'mistral-7b'"))
        #expect(ModelSize.estimate(for: c)?.foundIn == "vllm serve positional")
    }

    @Test func sglangReadsPreStagedWeightsFromHostPath() throws {
        let (c, a) = try assessFirst("16-sglang-k8s-distributed-statefulset-2node.yaml")
        #expect(a.persistence == .persistent && a.modelFromVolume)
        #expect(a.volumeName == "llm" && a.cachePath == "/llm-folder")
        #expect(a.detail.contains("not downloaded"))
        #expect(ModelSize.estimate(for: c)?.parametersBillion == nil)
    }

    @Test func teiOnHostPathAtData() throws {
        let (c, a) = try assessFirst("20-opea-genaiinfra-tei-bge-base-helm-template-output.yaml")
        // MODEL_ID and HF_HOME come through envFrom (a ConfigMap), which the spec alone does not show.
        #expect(a.persistence == .persistent && a.cachePath == "/data" && a.volumeName == "model-volume")
        #expect(a.detail.contains("hostPath /mnt/opea-models"))
        #expect(ModelSize.estimate(for: c) == nil && ModelSize.isModelServer(c))
    }

    @Test func llmdModelServiceEmptyDir() throws {
        // A values file: decode decode.containers[0] and decode.volumes, then add what the modelservice chart
        // injects for an hf:// URI (INDEX.json 18): `vllm serve <name>`, HF_HOME=/model-cache and the
        // model-storage emptyDir mounted there.
        struct Values: Decodable {
            struct Decode: Decodable { var containers: [Container]; var volumes: [Volume]? }
            struct Artifacts: Decodable { var name: String }
            var decode: Decode
            var modelArtifacts: Artifacts
        }
        let v = try YAMLDecoder().decode(Values.self, from: try SignalsCorpus.manifestText("18-llm-d-inference-scheduling-modelservice-qwen3-32b.values.yaml"))
        var c = try #require(v.decode.containers.first)
        c.command = ["vllm", "serve", v.modelArtifacts.name]
        c.env = (c.env ?? []) + [EnvVar(name: "HF_HOME", value: "/model-cache")]
        c.volumeMounts = (c.volumeMounts ?? []) + [VolumeMount(name: "model-storage", mountPath: "/model-cache")]
        let volumes = (v.decode.volumes ?? []) + [Volume(name: "model-storage", emptyDir: .init(sizeLimit: Quantity("80Gi")))]
        let a = CacheLocator.assess(c, volumes: volumes)
        #expect(a.persistence == .podLifetime && a.volumeName == "model-storage" && a.cachePath == "/model-cache")
        #expect(!a.restartsFromZero)
        #expect(ModelSize.estimate(for: c)?.parametersBillion == 32)
    }

    @Test func nonModelManifests() throws {
        for file in ["21-podinfo-deployment-non-model.yaml", "22-k8s-website-mysql-statefulset-non-model.yaml"] {
            for spec in try podSpecs(file) {
                for c in spec.containers + (spec.initContainers ?? []) {
                    #expect(!ModelSize.isModelServer(c), "\(file) \(c.name)")
                    #expect(CacheLocator.assess(c, volumes: spec.volumes ?? []).persistence == .unknown)
                }
            }
        }
    }

    @Test func environmentAndFlagsChooseTheCachePath() {
        let pvc = Volume(name: "models", persistentVolumeClaim: .init(claimName: "models"))
        let mount = [VolumeMount(name: "models", mountPath: "/data")]
        let hfHome = Container(name: "v", image: "vllm/vllm-openai", env: [EnvVar(name: "HF_HOME", value: "/data")], volumeMounts: mount)
        #expect(CacheLocator.assess(hfHome, volumes: [pvc]).persistence == .persistent)
        // HF_HUB_CACHE outranks HF_HOME (huggingface_hub constants.py).
        let both = Container(name: "v", image: "vllm/vllm-openai",
                             env: [EnvVar(name: "HF_HOME", value: "/data"), EnvVar(name: "HF_HUB_CACHE", value: "/tmp/hub")], volumeMounts: mount)
        let b = CacheLocator.assess(both, volumes: [pvc])
        #expect(b.persistence == .none && b.cachePath == "/tmp/hub")
        let downloadDir = Container(name: "v", image: "vllm/vllm-openai", args: ["--model", "x/y-7b", "--download-dir", "/data/weights"], volumeMounts: mount)
        let d = CacheLocator.assess(downloadDir, volumes: [pvc])
        #expect(d.cachePath == "/data/weights" && d.volumeName == "models" && d.persistence == .persistent)
        let tgi = Container(name: "t", image: "ghcr.io/huggingface/text-generation-inference:2.2", volumeMounts: mount)
        #expect(CacheLocator.assess(tgi, volumes: [Volume(name: "models", emptyDir: .init())]).persistence == .podLifetime)
        let ollama = Container(name: "o", image: "ollama/ollama", volumeMounts: [VolumeMount(name: "models", mountPath: "/root/.ollama")])
        let o = CacheLocator.assess(ollama, volumes: [Volume(name: "models", hostPath: .init(path: "/srv/ollama"))])
        #expect(o.persistence == .persistent && o.cachePath == "/root/.ollama")
        let exported = Container(name: "v", image: "vllm/vllm-openai", command: ["/bin/sh", "-c"],
                                 args: ["export HF_HOME=/data && vllm serve org/m-8b"], volumeMounts: mount)
        let x = CacheLocator.assess(exported, volumes: [pvc])
        #expect(x.cachePath == "/data" && x.persistence == .persistent)
        let tgiFlag = Container(name: "t", image: "ghcr.io/huggingface/text-generation-inference:2.2",
                                args: ["--model-id", "org/m-7b", "--huggingface-hub-cache", "/data/hub"], volumeMounts: mount)
        #expect(CacheLocator.assess(tgiFlag, volumes: [pvc]).cachePath == "/data/hub")
        let ollamaEnv = Container(name: "o", image: "ollama/ollama", env: [EnvVar(name: "OLLAMA_MODELS", value: "/models")])
        #expect(CacheLocator.assess(ollamaEnv, volumes: []).cachePath == "/models")
    }

    @Test func longestMountPrefixWinsAndPrefixesAreComponentWise() {
        let c = Container(name: "v", image: "vllm/vllm-openai", volumeMounts: [
            VolumeMount(name: "root-cache", mountPath: "/root/.cache"),
            VolumeMount(name: "hf", mountPath: "/root/.cache/huggingface/"),
            VolumeMount(name: "decoy", mountPath: "/root/.cache/hugging"),
        ])
        let a = CacheLocator.assess(c, volumes: [
            Volume(name: "root-cache", emptyDir: .init()), Volume(name: "hf", persistentVolumeClaim: .init(claimName: "hf")),
            Volume(name: "decoy", persistentVolumeClaim: .init(claimName: "d")),
        ])
        #expect(a.volumeName == "hf" && a.persistence == .persistent)
        let parentOnly = Container(name: "v", image: "vllm/vllm-openai", volumeMounts: [VolumeMount(name: "root-cache", mountPath: "/root/.cache")])
        #expect(CacheLocator.assess(parentOnly, volumes: [Volume(name: "root-cache", emptyDir: .init())]).persistence == .podLifetime)
    }

    @Test func volumeKinds() {
        var nfs = Volume(name: "m")
        nfs.nfs = .init()
        var csi = Volume(name: "m")
        csi.csi = .init()
        var eph = Volume(name: "m")
        eph.ephemeral = .init()
        var cm = Volume(name: "m")
        cm.configMap = .init()
        let c = Container(name: "v", image: "vllm/vllm-openai", volumeMounts: [VolumeMount(name: "m", mountPath: "/root/.cache/huggingface")])
        #expect(CacheLocator.assess(c, volumes: [nfs]).persistence == .persistent)
        #expect(CacheLocator.assess(c, volumes: [csi]).persistence == .persistent)
        #expect(CacheLocator.assess(c, volumes: [eph]).persistence == .podLifetime)
        #expect(CacheLocator.assess(c, volumes: [cm]).persistence == .unknown)
        // Mounted but not declared among the given volumes (e.g. a StatefulSet volumeClaimTemplate).
        #expect(CacheLocator.assess(c, volumes: []).persistence == .unknown)
    }

    @Test func localModelPaths() {
        let kserveRuntime = Container(name: "kserve-container", image: "vllmserver:replace",
                                      command: ["python", "-m", "vllm.entrypoints.openai.api_server"],
                                      args: ["--port=8080", "--served-model-name={{.Name}}", "--model=/mnt/models"],
                                      env: [EnvVar(name: "HF_HOME", value: "/tmp")])
        let k = CacheLocator.assess(kserveRuntime, volumes: [])
        #expect(k.persistence == .podLifetime && k.modelFromVolume && k.volumeName == "kserve-provision-location")
        let baked = Container(name: "v", image: "vllm/vllm-openai", args: ["--model", "/opt/models/llama"])
        let b = CacheLocator.assess(baked, volumes: [])
        #expect(b.persistence == .unknown && !b.modelFromVolume && b.cachePath == "/opt/models/llama")
        #expect(CacheLocator.assess(Container(name: "t", image: "nvcr.io/nvidia/tritonserver:24.05-py3"), volumes: []).persistence == .unknown)
    }
}
