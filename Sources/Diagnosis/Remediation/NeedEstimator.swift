import Foundation

/// How long a container needs from start to serving, and how we know.
public struct NeedEstimate: Sendable, Hashable {
    public var seconds: Double
    public var basis: String
    /// The download part of `seconds`, when the estimate separates it (nil: not downloading, or unknown).
    public var downloadSeconds: Double?
    /// The load part (engine start + weights into memory), when the estimate separates it.
    public var loadSeconds: Double?

    public init(seconds: Double, basis: String) { self.seconds = seconds; self.basis = basis }

    public init(seconds: Double, basis: String, downloadSeconds: Double?, loadSeconds: Double?) {
        self.seconds = seconds
        self.basis = basis
        self.downloadSeconds = downloadSeconds
        self.loadSeconds = loadSeconds
    }
}

/// Estimates a model server's start-up need from logs, kills and the model size.
///
/// Load allowance model: `loadBaseSeconds` (engine start: Python imports, CUDA/driver init, KV-cache
/// profiling, CUDA-graph capture / torch.compile) plus weight bytes ÷ `loadBytesPerSecond`.
/// Calibration on the corpus: SGLang logs "Load weight end. elapsed=112.68 s … mem usage=15.50 GB"
/// (~140 MB/s, slow storage) and "Capture cuda graph end. Time elapsed: 11.35 s"; vLLM shard loading runs
/// from ~0.3 s/shard (NVMe) to ~4 s/shard (network disk); the AIBrix reporter judged 240 s initialDelay
/// (255 s budget) enough for the 16 GB DeepSeek-R1-Distill-Llama-8B on a ~1 Gbit/s GKE link, i.e.
/// ~130 s download + ≤ ~125 s load. 60 s + 16 GB ÷ 500 MB/s = 92 s fits inside that bound.
public enum NeedEstimator {
    /// Engine start before any weight is read (seconds).
    public static let loadBaseSeconds: Double = 60
    /// Rate at which weights go from local disk into (GPU) memory.
    public static let loadBytesPerSecond: Double = 500_000_000

    /// Seconds to start the engine and load `bytes` of weights (engine start only when unknown).
    public static func loadAllowance(bytes: Double?) -> Double {
        loadBaseSeconds + (bytes.map { $0 / loadBytesPerSecond } ?? 0)
    }

    /// Estimates the need from (best first) measured rate and total size in the logs, progress at the
    /// moment of the kill, or a model-size estimate over the assumed bandwidth, plus a load allowance.
    /// `killedAfterSeconds` are run durations of killed instances (the need is at least that).
    ///
    /// The download part is always sized from zero: the startup budget has to cover a fresh pod on a
    /// node with an empty cache, even where a persistent cache would let the next restart resume.
    public static func estimate(progress: ProgressReport?, model: ModelEstimate?, killedAfterSeconds: [Double],
                                settings: DiagnosisSettings) -> NeedEstimate? {
        let longest = killedAfterSeconds.filter { $0.isFinite && $0 > 0 }.max()
        let base = measured(progress, model: model, settings: settings)
            ?? atKill(progress, killedAfter: longest, model: model, settings: settings)
            ?? fromModelSize(model, settings: settings)
        guard let base else {
            guard let longest else { return nil }
            // Nothing says how far it got: the run only bounds the need from below.
            return NeedEstimate(seconds: longest * 2,
                                basis: "no size or progress known; still not ready after \(secs(longest)) when killed, "
                                    + "so twice that (\(secs(longest * 2))) is assumed",
                                downloadSeconds: nil, loadSeconds: nil)
        }
        return atLeastLongestRun(base, longest)
    }

    /// The need of a container that does not download (an init container did, or the weights are local):
    /// engine start plus loading the estimated weights.
    public static func loadOnly(model: ModelEstimate?, settings: DiagnosisSettings) -> NeedEstimate {
        let bytes = modelBytes(model, settings: settings)
        let load = loadAllowance(bytes: bytes)
        let what = bytes.map { "loading \(gb($0)) of weights" } ?? "engine start (model size unknown)"
        return NeedEstimate(seconds: load, basis: "\(what): \(secs(load)) with nothing to download",
                            downloadSeconds: 0, loadSeconds: load)
    }

    // MARK: - Bases

    /// (a) Total bytes and a measured rate from the log: total ÷ rate + load.
    static func measured(_ p: ProgressReport?, model: ModelEstimate?, settings: DiagnosisSettings) -> NeedEstimate? {
        guard let p, let rate = p.rateBytesPerSecond, rate > 0 else { return nil }
        // The log's total only sums the files it has shown so far: the model estimate may be larger.
        let logTotal = p.bytesTotal.flatMap { $0 > 0 ? $0 : nil }
        let estimated = modelBytes(model, settings: settings)
        let total: Double
        let source: String
        if let t = logTotal, t >= (estimated ?? 0) {
            total = t
            source = "\(gb(t)) total (log)"
        } else if let b = estimated {
            total = b
            source = sizeWords(model, bytes: b) + (logTotal.map { " (the log has listed \(gb($0)) so far)" } ?? "")
        } else {
            return nil
        }
        let download = total / rate
        let load = loadSeconds(bytes: total, progress: p)
        return NeedEstimate(seconds: download + load,
                            basis: "\(source) at a measured \(mbps(rate)) = \(secs(download)) download + \(secs(load)) load",
                            downloadSeconds: download, loadSeconds: load)
    }

    /// (b) Progress at the moment of the kill: elapsed + ETA, or elapsed ÷ fraction done.
    static func atKill(_ p: ProgressReport?, killedAfter: Double?, model: ModelEstimate?,
                       settings: DiagnosisSettings) -> NeedEstimate? {
        guard let p, let killed = killedAfter else { return nil }
        let inDownload = (p.phase ?? .download) == .download && !p.downloadCompleted
        let bytes = [p.bytesTotal, modelBytes(model, settings: settings)].compactMap { $0 }.max()
        // Once the download is over the rest is load; during download the load is still to come.
        let loadAfter = inDownload ? loadSeconds(bytes: bytes, progress: p) : 0
        let phaseWord = inDownload ? "download" : "load"
        if let eta = p.etaSeconds, eta >= 0 {
            let need = killed + eta + loadAfter
            return NeedEstimate(seconds: need,
                                basis: "killed after \(secs(killed)) with \(secs(eta)) of \(phaseWord) left (log ETA)"
                                    + (inDownload ? " + \(secs(loadAfter)) load" : ""),
                                downloadSeconds: inDownload ? killed + eta : nil, loadSeconds: inDownload ? loadAfter : nil)
        }
        guard let done = p.bytesDone, let total = bytes, done > 0, total > 0, done < total else { return nil }
        let fraction = done / total
        let phaseTime = killed / fraction
        let need = phaseTime + loadAfter
        return NeedEstimate(seconds: need,
                            basis: "killed after \(secs(killed)) at \(Int((fraction * 100).rounded()))% "
                                + "(\(gb(done)) of \(gb(total))), so ~\(secs(phaseTime)) of \(phaseWord)"
                                + (inDownload ? " + \(secs(loadAfter)) load" : ""),
                            downloadSeconds: inDownload ? phaseTime : nil, loadSeconds: inDownload ? loadAfter : nil)
    }

    /// (c) Model-size estimate over the assumed bandwidth, plus load.
    static func fromModelSize(_ model: ModelEstimate?, settings: DiagnosisSettings) -> NeedEstimate? {
        guard let bytes = modelBytes(model, settings: settings), settings.assumedBandwidthBytesPerSecond > 0 else {
            return nil
        }
        let download = bytes / settings.assumedBandwidthBytesPerSecond
        let load = loadAllowance(bytes: bytes)
        return NeedEstimate(seconds: download + load,
                            basis: "\(sizeWords(model, bytes: bytes)) at an assumed "
                                + "\(mbps(settings.assumedBandwidthBytesPerSecond)) + \(secs(load)) load",
                            downloadSeconds: download, loadSeconds: load)
    }

    /// The load allowance, or engine start + the load/warm-up time the log measured, whichever is longer.
    static func loadSeconds(bytes: Double?, progress: ProgressReport?) -> Double {
        let measured = (progress?.phaseSeconds[.load] ?? 0) + (progress?.phaseSeconds[.warmup] ?? 0)
        return max(loadAllowance(bytes: bytes), measured > 0 ? loadBaseSeconds + measured : 0)
    }

    /// The container was still not ready when killed, so the need is at least the longest killed run.
    static func atLeastLongestRun(_ e: NeedEstimate, _ longest: Double?) -> NeedEstimate {
        guard let longest, longest > e.seconds else { return e }
        var out = e
        out.seconds = longest
        out.basis = e.basis + "; raised to \(secs(longest)), the longest run that was killed before it was ready"
        return out
    }

    // MARK: - Helpers

    static func modelBytes(_ model: ModelEstimate?, settings: DiagnosisSettings) -> Double? {
        guard let model else { return nil }
        if let b = model.bytes, b > 0 { return b }
        if let p = model.parametersBillion, p > 0 { return p * 1e9 * settings.bytesPerParameter }
        return nil
    }

    static func sizeWords(_ model: ModelEstimate?, bytes: Double) -> String {
        guard let p = model?.parametersBillion, p > 0 else { return "\(gb(bytes)) model" }
        let perParam = bytes / (p * 1e9)
        return "\(gb(bytes)) model (\(num(p))B params × \(num(perParam)) bytes)"
    }

    static func gb(_ bytes: Double) -> String { String(format: "%.1f GB", bytes / 1e9) }
    static func mbps(_ rate: Double) -> String { "\(Int((rate / 1e6).rounded())) MB/s" }
    static func secs(_ s: Double) -> String { "\(Int(s.rounded())) s" }
    static func num(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%g", x)
    }
}
