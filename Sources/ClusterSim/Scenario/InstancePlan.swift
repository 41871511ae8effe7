import Foundation

/// What one container instance would do if nothing killed it: its log lines, when its health endpoint
/// answers, when it hangs, when it exits on its own, and how far its download gets.
struct InstancePlan: Sendable {
    /// How the health endpoint answers a probe at some moment.
    enum Health: Sendable, Hashable {
        /// Nothing listens on the port yet (vLLM only listens once the engine is built).
        case refused
        /// Accepts the connection but never answers in time.
        case timesOut
        case ok
    }

    /// The process ending on its own.
    struct SelfExit: Sendable, Hashable {
        var offset: Double
        var exitCode: Int32
        /// Runtime reason (containerd CRI: `Completed`, `Error`, `OOMKilled`).
        var reason: String
    }

    typealias Line = (offset: Double, text: String)

    /// Every line, in order, including the crash lines at `selfExit.offset`.
    private(set) var lines: [Line] = []
    private(set) var servingOffset: Double?
    private(set) var hangOffset: Double?
    private(set) var selfExit: SelfExit?
    private var download: (start: Double, timeline: DownloadTimeline)?

    /// - Parameter cachedBytes: bytes of each download file present at start (nil: start from the spec).
    init(behaviour: ContainerBehaviour, start: Date, cachedBytes: [Int64]?, requestID: String) {
        let log = VLLMLog(behaviour: behaviour, start: start)
        var t = 0.0
        var all: [Line] = []
        for step in behaviour.steps {
            switch step {
            case .boot(let seconds):
                all += log.boot(at: t, seconds: seconds)
                t += seconds
            case .download(let spec):
                let initial = cachedBytes ?? spec.files.map { spec.cachedAtFirstStart ? $0.bytes : 0 }
                let timeline = DownloadTimeline(files: spec.files, initial: initial, rate: spec.rateBytesPerSecond)
                download = (t, timeline)
                all.append(log.downloadHeader(at: t))
                all += timeline.progressLines(interval: 10).map { (t + $0.offset, $0.text) }
                t += timeline.duration
            case .load(let seconds, let shards, let gib):
                all += log.load(at: t, seconds: seconds, shards: shards, weightsGiB: gib)
                t += seconds
            case .warmup(let seconds):
                all += log.warmup(at: t, seconds: seconds)
                t += seconds
            }
        }
        let startupEnd = t
        switch behaviour.outcome {
        case .serve(let hang):
            all += log.serving(at: startupEnd)
            servingOffset = startupEnd + 0.5
            hangOffset = hang.map { startupEnd + 0.5 + $0 }
        case .crash(let after, let code, let crashLog):
            let at = after ?? startupEnd
            selfExit = SelfExit(offset: at, exitCode: code, reason: code == 0 ? "Completed" : "Error")
            all = all.filter { $0.offset < at }
            if crashLog == .gatedRepo401 {
                // The 401 comes from the API server's first config fetch, before the engine process starts.
                all = all.filter { $0.offset < at && Self.beforeConfigFetch($0.text) }
            }
            let prefix = log.errorPrefix(at, log.style == .v0 ? "engine.py:389" : "core.py:700", engine: true)
            all += CrashLogText.lines(crashLog, model: behaviour.modelID, errorPrefix: prefix,
                                      requestID: requestID).map { (at, $0) }
        case .oomKill(let after):
            // Why: containerd's CRI reports a cgroup OOM kill as reason "OOMKilled", exit 137 (kubernetes-facts §3.5).
            selfExit = SelfExit(offset: after ?? startupEnd, exitCode: 137, reason: "OOMKilled")
        case .memoryLimitKillAsError(let after):
            selfExit = SelfExit(offset: after ?? startupEnd, exitCode: 137, reason: "Error")
        }
        if let exit = selfExit, !isCrash(behaviour.outcome) { all = all.filter { $0.offset < exit.offset } }
        lines = all.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map { $0.element }
    }

    private static func beforeConfigFetch(_ line: String) -> Bool {
        line.contains("Automatically detected platform") || line.contains("API server version") || line.contains("] args: ")
    }

    private func isCrash(_ outcome: ContainerBehaviour.Outcome) -> Bool {
        if case .crash = outcome { return true }
        return false
    }

    func health(at offset: Double) -> Health {
        guard let serving = servingOffset, offset >= serving else { return .refused }
        if let hang = hangOffset, offset >= hang { return .timesOut }
        return .ok
    }

    /// Lines printed up to and including `offset`.
    func lines(through offset: Double) -> [Line] { lines.filter { $0.offset <= offset } }

    /// Bytes of each download file on disk `offset` seconds after start (nil when there is no download step).
    func cachedBytes(at offset: Double) -> [Int64]? {
        guard let d = download else { return nil }
        let rel = max(0, offset - d.start)
        return d.timeline.files.indices.map { d.timeline.bytes($0, at: rel) }
    }

    /// The first moment at or after which health never changes again.
    var lastHealthChange: Double { max(servingOffset ?? 0, hangOffset ?? 0) }
}
