/// Where a model server keeps downloaded weights, and whether that survives a container restart.
public struct CacheAssessment: Sendable, Hashable {
    public enum Persistence: String, Sendable, Hashable, Codable {
        /// A PersistentVolumeClaim (or hostPath / NFS / CSI) is mounted at the cache path.
        case persistent
        /// An emptyDir: survives container restarts, not pod recreation.
        case podLifetime
        /// The container's writable layer: every restart starts from zero.
        case none
        /// Cannot tell (e.g. model baked into the image, or unknown server).
        case unknown
    }
    public var persistence: Persistence
    /// The cache directory the server uses (`/root/.cache/huggingface`, `--download-dir`, TGI `/data`, …).
    public var cachePath: String?
    /// The volume mounted there, if any.
    public var volumeName: String?
    public var detail: String
    /// True when the model argument is a path on a mounted volume: weights are read, never downloaded.
    public var modelFromVolume: Bool = false

    public init(persistence: Persistence, cachePath: String?, volumeName: String?, detail: String) {
        self.persistence = persistence
        self.cachePath = cachePath
        self.volumeName = volumeName
        self.detail = detail
    }

    /// True when a container restart re-downloads the model (raising the budget alone won't converge).
    public var restartsFromZero: Bool { persistence == .none }
}

/// Finds a model server's download cache and judges whether it survives a restart.
public enum CacheLocator {
    static let kserveModelDir = "/mnt/models"

    /// Assesses the model cache of `container` given the pod's volumes.
    public static func assess(_ container: Container, volumes: [Volume]) -> CacheAssessment {
        guard let kind = ModelServerKind.detect(container) else {
            return CacheAssessment(persistence: .unknown, cachePath: nil, volumeName: nil,
                                   detail: "Not a recognised model server, so its model cache location is unknown.")
        }
        if let model = ModelSize.findModel(container), model.0.hasPrefix("/") {
            return assessLocalModel(path: model.0, container: container, volumes: volumes)
        }
        guard let (path, why) = cachePath(for: container, kind: kind) else {
            return CacheAssessment(persistence: .unknown, cachePath: nil, volumeName: nil,
                                   detail: "The \(kind.rawValue) server's model source is not visible in the spec (model baked into the image or set at runtime).")
        }
        return classify(path: path, why: why, container: container, volumes: volumes)
    }

    /// The directory the server downloads into, and the reason (env var, flag or image default).
    static func cachePath(for container: Container, kind: ModelServerKind) -> (String, String)? {
        let cmd = ServerArgv(container)
        let dirFlags = ["--download-dir", "--download_dir", "--huggingface-hub-cache"]   // vLLM/SGLang; TGI/TEI
        if let (flag, dir) = cmd.value(of: dirFlags) { return (dir, "\(flag) \(dir)") }
        switch kind {
        case .ollama:
            // Ollama stores blobs under $OLLAMA_MODELS, default $HOME/.ollama/models (ollama envconfig).
            if let dir = cmd.env["OLLAMA_MODELS"] { return (dir, "OLLAMA_MODELS=\(dir)") }
            return ("/root/.ollama", "Ollama's default model store /root/.ollama")
        case .nim:
            if let dir = cmd.env["NIM_CACHE_PATH"] { return (dir, "NIM_CACHE_PATH=\(dir)") }
            return ("/opt/nim/.cache", "NIM's default cache /opt/nim/.cache")
        case .llamaCpp:
            if let dir = cmd.env["LLAMA_CACHE"] { return (dir, "LLAMA_CACHE=\(dir)") }
            return ("/root/.cache/llama.cpp", "llama.cpp's default download cache")
        case .triton:
            // Triton loads a model repository it is pointed at; it downloads only from cloud repository paths.
            if let (_, repo) = cmd.value(of: ["--model-repository", "--model-store"]), repo.hasPrefix("/") {
                return (repo, "--model-repository \(repo)")
            }
            return nil
        default:
            return huggingFaceCache(env: cmd.env, kind: kind)
        }
    }

    /// huggingface_hub's precedence (constants.py): HF_HUB_CACHE, then the legacy HUGGINGFACE_HUB_CACHE,
    /// then $HF_HOME/hub; transformers' legacy TRANSFORMERS_CACHE after them.
    private static func huggingFaceCache(env: [String: String], kind: ModelServerKind) -> (String, String)? {
        for name in ["HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "TRANSFORMERS_CACHE"] {
            if let dir = env[name], !dir.isEmpty { return (dir, "\(name)=\(dir)") }
        }
        switch kind {
        case .tgi, .tei:
            // Both images set ENV HUGGINGFACE_HUB_CACHE=/data in their Dockerfiles.
            return ("/data", "the \(kind == .tgi ? "TGI" : "TEI") image's HUGGINGFACE_HUB_CACHE=/data")
        default:
            return ("/root/.cache/huggingface", "the Hugging Face default cache /root/.cache/huggingface")
        }
    }

    private static func assessLocalModel(path: String, container: Container, volumes: [Volume]) -> CacheAssessment {
        guard let mount = covering(path, container) else {
            if path == kserveModelDir || path.hasPrefix(kserveModelDir + "/") {
                // KServe's pod mutator adds the storage-initializer init container and an emptyDir named
                // kserve-provision-location at /mnt/models when the pod is admitted
                // (kserve pkg/webhook/admission/pod/storage_initializer_injector.go), so templates lack the mount.
                var a = CacheAssessment(persistence: .podLifetime, cachePath: path, volumeName: "kserve-provision-location",
                                        detail: "The model is read from \(path), which KServe's storage-initializer fills into an emptyDir at admission: it is downloaded before the server starts, kept across container restarts and lost with the pod.")
                a.modelFromVolume = true
                return a
            }
            return CacheAssessment(persistence: .unknown, cachePath: path, volumeName: nil,
                                   detail: "The model is read from \(path), which no volume covers: it is baked into the image or fetched by something the spec does not show.")
        }
        var a = classify(path: path, why: "the model path \(path)", container: container, volumes: volumes, mount: mount)
        a.modelFromVolume = true
        a.detail = "The model is read from \(path) on \(describe(mount, volumes)), so it is not downloaded at start."
        return a
    }

    private static func classify(path: String, why: String, container: Container, volumes: [Volume],
                                 mount: VolumeMount? = nil) -> CacheAssessment {
        guard let mount = mount ?? covering(path, container) else {
            return CacheAssessment(persistence: .none, cachePath: path, volumeName: nil,
                                   detail: "The cache at \(path) (\(why)) is in the container's writable layer, so every restart downloads the model again.")
        }
        let persistence = CacheVolumeKind.persistence(of: volumes.first { $0.name == mount.name })
        let detail: String
        switch persistence {
        case .persistent: detail = "The cache at \(path) (\(why)) is on \(describe(mount, volumes)), which survives restarts and rescheduling."
        case .podLifetime: detail = "The cache at \(path) (\(why)) is on \(describe(mount, volumes)): it survives container restarts but not a new pod."
        case .none, .unknown: detail = "The cache at \(path) (\(why)) is on \(describe(mount, volumes)), whose lifetime cannot be told from the pod spec."
        }
        return CacheAssessment(persistence: persistence, cachePath: path, volumeName: mount.name, detail: detail)
    }

    /// The mount whose path is the longest prefix of `path` (component-wise).
    static func covering(_ path: String, _ container: Container) -> VolumeMount? {
        let p = normalised(path)
        return (container.volumeMounts ?? [])
            .filter { m in let mp = normalised(m.mountPath); return mp == "/" || p == mp || p.hasPrefix(mp + "/") }
            .max { normalised($0.mountPath).count < normalised($1.mountPath).count }
    }

    private static func normalised(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }

    private static func describe(_ mount: VolumeMount, _ volumes: [Volume]) -> String {
        let kind = CacheVolumeKind.name(of: volumes.first { $0.name == mount.name })
        return "\(kind) volume '\(mount.name)' mounted at \(mount.mountPath)"
    }
}

/// How long a pod volume's contents live.
enum CacheVolumeKind {
    static func persistence(of volume: Volume?) -> CacheAssessment.Persistence {
        guard let v = volume else { return .unknown }
        if v.persistentVolumeClaim != nil || v.hostPath != nil || v.nfs != nil || v.csi != nil { return .persistent }
        // A generic ephemeral volume is a PVC created and deleted with the pod (KEP-1698).
        if v.emptyDir != nil || v.ephemeral != nil { return .podLifetime }
        return .unknown
    }

    static func name(of volume: Volume?) -> String {
        guard let v = volume else { return "an undeclared (e.g. volumeClaimTemplate)" }
        if v.persistentVolumeClaim != nil { return "PVC" + (v.persistentVolumeClaim?.claimName.map { " '\($0)'" } ?? "") }
        if v.hostPath != nil { return "hostPath" + (v.hostPath?.path.map { " \($0)" } ?? "") }
        if v.nfs != nil { return "NFS" }
        if v.csi != nil { return "CSI" }
        if v.ephemeral != nil { return "generic ephemeral" }
        if v.emptyDir != nil { return v.emptyDir?.medium == "Memory" ? "emptyDir (memory)" : "emptyDir" }
        if v.configMap != nil { return "configMap" }
        if v.secret != nil { return "secret" }
        return "a"
    }
}
