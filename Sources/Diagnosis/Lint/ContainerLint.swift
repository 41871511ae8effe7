import Foundation

/// The budget-versus-need judgement of one model-serving container in a manifest.
extension Linter {
    static func lintContainer(_ c: Container, index: Int, site: PodTemplateSite, object: ManifestObject,
                              settings: DiagnosisSettings, signals: LintSignals) -> LintResult? {
        guard signals.isModelServer(c) else { return nil }
        let ref = WorkloadRef(apiVersion: object.apiVersion, kind: object.kind ?? "", name: object.metadata?.name ?? "",
                              namespace: object.metadata?.namespace)
        let model = signals.estimate(c, settings.bytesPerParameter)
        let cache = signals.assess(c, site.spec.volumes ?? [])
        let budget = ProbeBudget.killBudget(for: c, podGraceSeconds: site.spec.terminationGracePeriodSeconds)
        let fetchedBy = site.downloadedBeforeStart ?? InitDownload.downloader(in: site.spec).map { "init container `\($0.name)`" }
        let downloads = (model.map { !isLocalPath($0.modelID) } ?? false) && fetchedBy == nil

        var messages: [String] = []
        if let label = site.label { messages.append("container in \(label)") }
        if let fetchedBy { messages.append("the model is fetched by \(fetchedBy) before this container starts; probes do not run during init") }
        var notes = infoNotes(c, cache: cache, downloads: downloads, model: model, settings: settings)

        let need = estimateNeed(model, downloads: downloads, bandwidth: settings.assumedBandwidthBytesPerSecond, settings: settings)
        var result = LintResult(object: ref, container: c.name, verdict: .quiet, probe: budget?.probe,
                                budgetSeconds: budget?.budgetSeconds, needSeconds: need.map { Int($0.seconds.rounded(.up)) },
                                model: model?.modelID, cache: cache.persistence, messages: [])
        guard let budget else {
            messages.append("no liveness or startup probe: the kubelet never kills it for slowness, so there is no kill budget to compare")
            return finish(result, messages, notes)
        }
        guard let need else {
            let floor = NeedEstimator.loadBaseSeconds
            let what = model.map { "model size unknown (\($0.modelID))" } ?? "model not found in the spec"
            if Double(budget.budgetSeconds) < floor {
                result.verdict = .borderline
                result.cause = .probeKillDuringLoad
                messages.append("\(describe(budget)) is below the ~\(Int(floor)) s a model server needs just to start its engine; \(what)")
            } else {
                notes.append("\(what): \(describe(budget)) not compared with a need")
            }
            return finish(result, messages, notes)
        }
        judge(&result, budget: budget, need: need, downloads: downloads, cache: cache, model: model,
              settings: settings, messages: &messages, notes: &notes)
        if result.verdict != .quiet {
            let location = site.location ?? TemplateLocation.forTarget(ref, containerName: c.name)
            result.remediation = RemediationPlanner.plan(container: c, index: index, target: ref, location: location,
                                                         need: need, cache: cache, model: model, settings: settings)
        }
        return finish(result, messages, notes)
    }

    /// Budget against need: quiet when it covers the need at the assumed bandwidth; borderline when only a
    /// fast link or the margin band saves it; flag otherwise, with the phase the kill would land in.
    static func judge(_ result: inout LintResult, budget: KillBudget, need: NeedEstimate, downloads: Bool,
                      cache: CacheAssessment, model: ModelEstimate?, settings: DiagnosisSettings,
                      messages: inout [String], notes: inout [String]) {
        let b = Double(budget.budgetSeconds)
        let needText = "the estimated need of \(Int(need.seconds.rounded())) s (\(need.basis))"
        if b >= need.seconds {
            messages.append("\(describe(budget)) covers \(needText)")
            return
        }
        let fastLink = max(settings.assumedBandwidthBytesPerSecond, fastLinkBytesPerSecond)
        let fast = downloads ? estimateNeed(model, downloads: true, bandwidth: fastLink, settings: settings) : nil
        let passesFast = fast.map { b >= $0.seconds } ?? false
        result.verdict = passesFast || b >= need.seconds / borderlineFactor ? .borderline : .flag
        let killsDuringDownload = downloads && b < (need.downloadSeconds ?? 0)
        result.cause = killsDuringDownload ? .probeKillDuringDownload : .probeKillDuringLoad
        messages.append("\(describe(budget)) is below \(needText)")
        if let fast {
            let at = "at \(NeedEstimator.mbps(fastLink)) (\(String(format: "%.1f", fastLink * 8 / 1e9)) Gbit/s)"
            messages.append(passesFast ? "it passes only on a fast link: ~\(Int(fast.seconds.rounded())) s \(at)"
                                       : "even \(at) it needs ~\(Int(fast.seconds.rounded())) s")
        }
        if downloads, cache.restartsFromZero {
            messages.append("no persistent model cache: every kill restarts the download from zero, so the loop never converges")
            notes.removeAll { $0.hasPrefix("model cache") }
        }
    }

    /// The need at a given bandwidth: download + load when the container downloads, else load only.
    /// Nil when the model size is unknown.
    static func estimateNeed(_ model: ModelEstimate?, downloads: Bool, bandwidth: Double,
                             settings: DiagnosisSettings) -> NeedEstimate? {
        guard NeedEstimator.modelBytes(model, settings: settings) != nil else { return nil }
        guard downloads else { return NeedEstimator.loadOnly(model: model, settings: settings) }
        return NeedEstimator.estimate(progress: nil, model: model, killedAfterSeconds: [],
                                      settings: with(settings, bandwidth: bandwidth))
    }

    static func infoNotes(_ c: Container, cache: CacheAssessment, downloads: Bool, model: ModelEstimate?,
                          settings: DiagnosisSettings) -> [String] {
        var notes: [String] = []
        if c.readinessProbe == nil {
            notes.append("no readiness probe: Services send traffic to it before the model is loaded")
        }
        guard downloads else { return notes }
        let path = cache.cachePath ?? "the cache directory"
        let size = NeedEstimator.modelBytes(model, settings: settings).map { NeedEstimator.gb($0) } ?? "the model"
        switch cache.persistence {
        case .none:
            notes.append("model cache at \(path) is in the container's writable layer: every restart downloads \(size) again")
        case .podLifetime:
            let vol = cache.volumeName.map { " `\($0)`" } ?? ""
            notes.append("model cache\(vol) at \(path) is an emptyDir: kept across container restarts, lost when the pod is re-created")
        case .persistent, .unknown:
            break
        }
        return notes
    }

    static func finish(_ r: LintResult, _ messages: [String], _ notes: [String]) -> LintResult {
        var r = r
        r.messages = messages + notes.map { "info: " + $0 }
        if r.verdict == .quiet, !notes.isEmpty { r.verdict = .info }
        return r
    }

    static func describe(_ b: KillBudget) -> String {
        "kill budget \(b.budgetSeconds) s (\(b.probe.rawValue): \(b.initialDelaySeconds) + \(b.failureThreshold) × \(b.periodSeconds))"
    }

    /// A model given as a path is on a volume or in the image: nothing to download at start.
    static func isLocalPath(_ id: String) -> Bool {
        id.hasPrefix("/") || id.hasPrefix("./") || id.hasPrefix("../") || id.hasPrefix("~") || id.hasPrefix("file://")
            || id.hasPrefix("pvc://")
    }

    static func with(_ s: DiagnosisSettings, bandwidth: Double) -> DiagnosisSettings {
        var s = s
        s.assumedBandwidthBytesPerSecond = bandwidth
        return s
    }
}
