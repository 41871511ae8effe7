import Foundation

/// The bytes of each model file over time while huggingface_hub downloads them in parallel
/// (`snapshot_download` uses a thread pool, so the active files share the bandwidth).
struct DownloadTimeline: Sendable {
    /// An interval during which the same set of files is active, each at `perFileRate`.
    struct Phase: Sendable { var start: Double; var end: Double; var active: Set<Int>; var perFileRate: Double }

    let files: [ModelFile]
    /// Bytes of each file already present when this instance started downloading.
    let initial: [Int64]
    let phases: [Phase]
    /// Offset (from download start) at which each file completes; 0 for files already complete.
    let finish: [Double]

    init(files: [ModelFile], initial: [Int64], rate: Double) {
        self.files = files
        self.initial = initial
        var remaining = zip(files, initial).map { Double($0.bytes - min($1, $0.bytes)) }
        var finish = [Double](repeating: 0, count: files.count)
        var phases: [Phase] = []
        var t = 0.0
        var active = Set(remaining.indices.filter { remaining[$0] > 0 })
        while !active.isEmpty, rate > 0 {
            let per = rate / Double(active.count)
            let smallest = active.map { remaining[$0] }.min() ?? 0
            let dt = smallest / per
            phases.append(Phase(start: t, end: t + dt, active: active, perFileRate: per))
            t += dt
            for i in active { remaining[i] -= per * dt }
            for i in active where remaining[i] <= 0.5 { finish[i] = t; active.remove(i) }
        }
        self.phases = phases
        self.finish = finish
    }

    /// Seconds until every file is complete.
    var duration: Double { finish.max() ?? 0 }

    /// Bytes of file `i` present `offset` seconds after the download started.
    func bytes(_ i: Int, at offset: Double) -> Int64 {
        var done = Double(min(initial[i], files[i].bytes))
        for p in phases where p.active.contains(i) && p.start < offset {
            done += (min(offset, p.end) - p.start) * p.perFileRate
        }
        return min(files[i].bytes, Int64(done.rounded(.down)))
    }

    /// Non-TTY tqdm lines of huggingface_hub for each downloading file, every `interval` seconds and at
    /// completion, e.g. `model-00001-of-00004.safetensors:  13% 650M/4.98G [00:13<01:26, 50.0MB/s]`.
    func progressLines(interval: Double) -> [(offset: Double, text: String)] {
        var out: [(Double, String)] = []
        for i in files.indices where initial[i] < files[i].bytes {
            var t = 0.0
            while t < finish[i] {
                out.append((t, line(i, at: t)))
                t += interval
            }
            out.append((finish[i], line(i, at: finish[i])))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    private func line(_ i: Int, at t: Double) -> String {
        let total = Double(files[i].bytes)
        let n = Double(bytes(i, at: t))
        let fetched = n - Double(initial[i])
        let head = "\(files[i].name): \(SimFormat.tqdmPercent(n, of: total)) \(SimFormat.tqdmSize(n))/\(SimFormat.tqdmSize(total))"
        guard t > 0, fetched > 0 else { return head + " [00:00<?, ?B/s]" }
        let rate = fetched / t
        let left = (total - n) / rate
        return head + " [\(SimFormat.tqdmInterval(t))<\(SimFormat.tqdmInterval(left)), \(SimFormat.tqdmSize(rate))B/s]"
    }
}
