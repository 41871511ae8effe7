import Foundation

extension RemediationPlanner {
    /// Other ways out besides the startupProbe, most useful first, with concrete names.
    static func alternatives(container: Container, target: WorkloadRef?, need: NeedEstimate, cache: CacheAssessment,
                             model: ModelEstimate?, settings: DiagnosisSettings) -> [String] {
        var out: [String] = []
        let path = cache.cachePath ?? "the model cache directory"
        let owner = target?.name ?? container.name
        let downloads = need.downloadSeconds.map { $0 > 0 } ?? true
        switch cache.persistence {
        case .none:
            out.append("Mount a PersistentVolumeClaim at \(path) (e.g. volume `model-cache` from claim "
                + "`\(owner)-model-cache`): the cache is in the container's writable layer, so every restart "
                + "downloads the model from zero and a larger budget alone may never converge.")
        case .podLifetime:
            let vol = cache.volumeName.map { "emptyDir volume `\($0)`" } ?? "emptyDir volume"
            out.append("Replace the \(vol) at \(path) with a PersistentVolumeClaim: an emptyDir survives container "
                + "restarts but not pod re-creation, so every new pod downloads the model again.")
        case .unknown where downloads:
            out.append("Keep the downloaded weights on a PersistentVolumeClaim mounted at \(path), so a restarted "
                + "or re-created pod does not download them again.")
        case .persistent, .unknown:
            break
        }
        if downloads {
            let id = model?.modelID ?? "<model>"
            out.append("Download in an initContainer into a shared volume (e.g. `huggingface-cli download \(id) "
                + "--local-dir /models`, then serve /models): probes do not run for init containers (the kubelet "
                + "probes only regular containers and restartable sidecars), so the startup budget only has to cover loading.")
        }
        let delay = Int((need.seconds * max(1, settings.margin)).rounded(.up))
        out.append("Only where startupProbe is unavailable: raise livenessProbe.initialDelaySeconds of `\(container.name)` "
            + "to \(delay) s. This also delays detection of a hung server after every restart, which a startupProbe does not.")
        if downloads {
            out.append("Pre-bake the weights into the image or pre-stage them on the node (hostPath or local "
                + "PersistentVolume), so start-up is load-only.")
        }
        return out
    }
}
