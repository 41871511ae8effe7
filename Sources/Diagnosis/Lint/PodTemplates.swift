/// One pod spec found inside a manifest object, with where it sits (for the patch).
struct PodTemplateSite: Sendable {
    var spec: PodSpec
    /// Where the pod spec sits, for the patch; nil for built-in workloads, whose location follows from
    /// the kind and the container (`TemplateLocation.forTarget`).
    var location: TemplateLocation?
    /// Which template of the object, when it has several (`leaderTemplate`, `workerTemplate`, …).
    var label: String?
    /// Something outside this object downloads the model before the server starts (KServe's
    /// storage-initializer for a `storageUri`), so probes never see the download.
    var downloadedBeforeStart: String?
}

/// Finds pod templates by kind (built-ins, LeaderWorkerSet, KServe); unknown kinds have none.
enum PodTemplates {
    static func find(in object: ManifestObject) -> [PodTemplateSite] {
        guard let kind = object.kind, let spec = object.spec else { return [] }
        let target = WorkloadRef(apiVersion: object.apiVersion, kind: kind, name: object.metadata?.name ?? "",
                                 namespace: object.metadata?.namespace)
        switch kind {
        case "Pod":
            return site(spec, [], .noteOnly("Pod specs are immutable once created: add the startupProbe to the "
                + "manifest and re-create the pod (or run it from a Deployment)."))
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
            return site(spec, ["template", "spec"], nil)
        case "CronJob":
            return site(spec, ["jobTemplate", "spec", "template", "spec"], nil)
        case "LeaderWorkerSet":
            return ["leaderTemplate", "workerTemplate"].flatMap { t in
                site(spec, ["leaderWorkerTemplate", t, "spec"],
                     .jsonPatch(podSpecPath: ["spec", "leaderWorkerTemplate", t, "spec"], note: nil), label: t)
            }
        case "ServingRuntime", "ClusterServingRuntime":
            // KServe runtimes: containers sit directly under spec; the InferenceService's storageUri is
            // fetched by the injected storage-initializer into /mnt/models (kserve storage_initializer_injector.go).
            return site(spec, [], .jsonPatch(podSpecPath: ["spec"], note: "\(kind) \(target.name) is shared by every "
                + "InferenceService that selects it."), downloadedBy: "KServe's storage-initializer init container (storageUri)")
        case "LLMInferenceServiceConfig", "LLMInferenceService":
            return [["template"], ["worker"], ["prefill", "template"], ["prefill", "worker"]].flatMap { p in
                site(spec, p, .jsonPatch(podSpecPath: ["spec"] + p, note: nil), label: (["spec"] + p).joined(separator: "."))
            }
        case "InferenceService":
            return inferenceService(spec, target: target)
        default:
            return []
        }
    }

    private static func site(_ spec: JSONValue, _ path: [String], _ location: TemplateLocation?, label: String? = nil,
                             downloadedBy: String? = nil) -> [PodTemplateSite] {
        // Tolerate anything: a missing or malformed template is skipped, never a crash.
        guard let raw = spec.value(at: path), case .object = raw, let pod = try? raw.decode(PodSpec.self),
              !pod.containers.isEmpty else { return [] }
        return [PodTemplateSite(spec: pod, location: location, label: label, downloadedBeforeStart: downloadedBy)]
    }

    /// KServe InferenceService: `spec.predictor.model` is one inline container (named `kserve-container`
    /// by the controller), `spec.predictor.containers` a custom predictor; a `storageUri` is downloaded by
    /// the storage-initializer and handed to the container as env `STORAGE_URI` (kserve constants.go).
    private static func inferenceService(_ spec: JSONValue, target: WorkloadRef) -> [PodTemplateSite] {
        guard let predictor = spec.value(at: ["predictor"]), case .object(let p) = predictor else { return [] }
        let storageUri: String? = {
            if case .string(let s)? = p["model"]?.value(at: ["storageUri"]) { return s }
            if case .string(let s)? = p["storageUri"] { return s }
            return nil
        }()
        let initializer = storageUri.map { _ in "KServe's storage-initializer init container (storageUri)" }
        var volumes: [Volume] = []
        if let v = p["volumes"], let decoded = try? v.decode([Volume].self) { volumes = decoded }
        if case .object(var model)? = p["model"] {
            if model["name"] == nil { model["name"] = .string("kserve-container") }
            if let uri = storageUri {
                var env: [JSONValue] = { if case .array(let a)? = model["env"] { return a } else { return [] } }()
                env.append(.object(["name": .string("STORAGE_URI"), "value": .string(uri)]))
                model["env"] = .array(env)
            }
            if let c = try? JSONValue.object(model).decode(Container.self) {
                let loc = TemplateLocation.forTarget(target, containerName: "kserve-container")
                return [PodTemplateSite(spec: PodSpec(containers: [c], volumes: volumes), location: loc, label: "predictor.model",
                                        downloadedBeforeStart: initializer)]
            }
        }
        return site(spec, ["predictor"], .jsonPatch(podSpecPath: ["spec", "predictor"], note: nil),
                    label: "predictor", downloadedBy: initializer)
    }
}

/// Init containers that fetch the model before the server starts (probes do not run during init).
enum InitDownload {
    static let patterns = ["storage-initializer", "aws s3", "s3 sync", "s3 cp", "huggingface-cli download",
                           "hf download", "snapshot_download", "wait-download", "gsutil", "rclone", "git lfs",
                           "ollama pull", "modelscope download", "aibrix_download", "aibrix.downloader"]

    /// The first regular init container whose image or argv looks like a model download.
    /// Native sidecars (`restartPolicy: Always`) do not block start-up, so they do not count.
    static func downloader(in spec: PodSpec) -> Container? {
        (spec.initContainers ?? []).first { c in
            guard c.restartPolicy != "Always" else { return false }
            let text = ([c.name, c.image ?? ""] + c.argv).joined(separator: " ").lowercased()
            return patterns.contains { text.contains($0) }
        }
    }
}
