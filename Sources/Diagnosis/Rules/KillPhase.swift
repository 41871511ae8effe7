import Foundation

/// Which probe-kill cause fits: during download, during load, or after the server had been ready.
public enum KillPhase {
    /// The cause a probe kill gets, with the facts that placed it.
    public struct Result: Sendable, Hashable {
        public var cause: Cause
        public var facts: [Fact]
        /// False when neither logs nor timing show the phase (the cause then defaults to load).
        public var known: Bool
    }

    /// - Parameters:
    ///   - probe: the probe that killed.
    ///   - longestRun: the longest observed run of a killed instance, in seconds.
    public static func classify(_ c: ContainerContext, probe: ProbeKind, longestRun: Double?) -> Result {
        // Liveness only runs once the startup probe has succeeded (prober_manager.go isContainerStarted):
        // a liveness kill of a container with a startupProbe hit a server that had answered its health check.
        if probe == .liveness, c.spec?.startupProbe != nil {
            return Result(cause: .probeKillAfterReady, facts: [Fact(.spec, "a startupProbe is set, so the liveness probe only ran after the server had passed it")], known: true)
        }
        if let p = c.progress, p.phase == .serving {
            return Result(cause: .probeKillAfterReady, facts: progressFacts(p, c), known: true)
        }
        if probe == .liveness, let run = longestRun, let b = c.budget(of: .liveness),
           run > Double(b.latestKillSeconds + b.graceSeconds) + 60 {
            return Result(cause: .probeKillAfterReady, facts: [Fact(.history, "a killed instance ran \(Int(run)) s, well past the \(b.budgetSeconds) s liveness budget: the probe had been passing")], known: true)
        }
        if let p = c.progress, let phase = p.phase {
            let downloading = phase == .download || (p.downloadSeen && !p.downloadCompleted)
            return Result(cause: downloading ? .probeKillDuringDownload : .probeKillDuringLoad, facts: progressFacts(p, c), known: true)
        }
        if let inferred = inferredDownload(c, longestRun: longestRun) { return inferred }
        return Result(cause: .probeKillDuringLoad,
                      facts: [Fact(.computed, "the logs show no download or load progress; the phase is assumed to be start-up/load")], known: false)
    }

    /// Without logs: a hub model whose cache does not survive a restart is downloaded on every start; if the
    /// kills come sooner than that download can take at the assumed bandwidth, they hit the download.
    static func inferredDownload(_ c: ContainerContext, longestRun: Double?) -> Result? {
        guard let run = longestRun, let model = c.model, !model.isLocalPath, let bytes = model.bytes,
              c.cache?.restartsFromZero == true else { return nil }
        let seconds = bytes / c.settings.assumedBandwidthBytesPerSecond
        guard run < seconds else { return nil }
        let fact = Fact(.computed, String(format: "no progress in the logs; %@ (~%.0f GB) is downloaded on every start (cache not persistent), ~%.0f s at an assumed %.0f MB/s, longer than the %.0f s the instances lived",
                                          model.modelID, bytes / 1e9, seconds, c.settings.assumedBandwidthBytesPerSecond / 1e6, run))
        return Result(cause: .probeKillDuringDownload, facts: [fact], known: false)
    }

    static func progressFacts(_ p: ProgressReport, _ c: ContainerContext) -> [Fact] {
        let previous = c.previousProgress?.phase != nil
        var out = p.evidenceLines.suffix(2).map { Facts.log($0, previous: previous) }
        if let phase = p.phase {
            var text = "the \(previous ? "killed instance's" : "container's") log reached phase \(phase.rawValue)"
            if p.downloadSeen { text += p.downloadCompleted ? ", download completed" : ", download not completed" }
            if let done = p.bytesDone, let total = p.bytesTotal, total > 0 {
                text += String(format: " (%.1f of %.1f GB)", done / 1e9, total / 1e9)
            }
            out.append(Fact(.log, text))
        }
        return out
    }
}
