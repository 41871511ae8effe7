/// Folds parsed progress samples (oldest first) into a `ProgressReport`.
struct ProgressAccumulator {
    private var furthest: ModelPhase?
    private var downloadSeen = false
    private var explicitCompletion = false
    private var movedPastDownload = false
    /// Latest byte-carrying download sample per file/blob, keys in first-seen order.
    private var perItem: [String: ProgressSample] = [:]
    private var itemOrder: [String] = []
    private var latestRate: Double?
    private var latestPerPhase: [ModelPhase: ProgressSample] = [:]
    private var latestCounted: [ModelPhase: ProgressSample] = [:]
    private var phaseSeconds: [ModelPhase: Double] = [:]
    private var families: [String] = []
    private var firstLine: [ModelPhase: String] = [:]
    private var lastLine: [ModelPhase: String] = [:]
    private var lastByteLine: String?

    mutating func add(_ s: ProgressSample, segment: String) {
        furthest = max(furthest ?? s.phase, s.phase)
        if !families.contains(s.family) { families.append(s.family) }
        if s.phase == .download {
            downloadSeen = true
            explicitCompletion = explicitCompletion || s.completesDownload
            trackBytes(s, segment: segment)
        } else if downloadSeen, s.phase > .download {
            // Loading only starts once every weight file is on disk.
            movedPastDownload = true
        }
        latestPerPhase[s.phase] = s
        if s.itemsTotal != nil || s.itemsDone != nil { latestCounted[s.phase] = s }
        if let e = s.elapsedSeconds, countsAsStep(s) { phaseSeconds[s.phase, default: 0] += e }
        let line = LogLineCleaner.evidence(segment)
        if firstLine[s.phase] == nil { firstLine[s.phase] = line }
        lastLine[s.phase] = line
    }

    /// Per-file tqdm bars overlap in time, so their elapsed times are not added up; `Fetching N files`
    /// and milestone lines measure whole steps.
    private func countsAsStep(_ s: ProgressSample) -> Bool {
        switch s.family {
        case "hf-hub": return s.item == "files"
        case "tqdm", "checkpoint-loader", "modelscope": return false
        default: return true
        }
    }

    private mutating func trackBytes(_ s: ProgressSample, segment: String) {
        guard s.bytesDone != nil || s.bytesTotal != nil else { return }
        let key = s.family + "|" + (s.item ?? "")
        if perItem[key] == nil { itemOrder.append(key) }
        perItem[key] = s
        if let r = s.rateBytesPerSecond { latestRate = r }
        lastByteLine = LogLineCleaner.evidence(segment)
    }

    private static func unfinished(_ s: ProgressSample) -> Bool {
        if let f = s.fraction { return f < 1 }
        if let d = s.bytesDone, let t = s.bytesTotal { return d < t }
        return true
    }

    func report() -> ProgressReport {
        var r = ProgressReport(phase: furthest, downloadSeen: downloadSeen,
                               downloadCompleted: downloadSeen && (explicitCompletion || movedPastDownload))
        let items = itemOrder.compactMap { perItem[$0] }
        let dones = items.compactMap(\.bytesDone)
        r.bytesDone = dones.isEmpty ? nil : dones.reduce(0, +)
        r.bytesTotal = items.allSatisfy({ $0.bytesTotal != nil }) && !items.isEmpty
            ? items.compactMap(\.bytesTotal).reduce(0, +) : nil
        let inFlight = items.filter(Self.unfinished).compactMap(\.rateBytesPerSecond)
        r.rateBytesPerSecond = inFlight.isEmpty ? latestRate : inFlight.reduce(0, +)
        r.etaSeconds = eta(bytesDone: r.bytesDone, bytesTotal: r.bytesTotal, rate: r.rateBytesPerSecond)
        if let p = furthest, let counted = latestCounted[p] {
            r.itemsDone = counted.itemsDone
            r.itemsTotal = counted.itemsTotal
        }
        r.phaseSeconds = phaseSeconds
        r.families = families
        r.evidenceLines = evidence()
        return r
    }

    private func eta(bytesDone: Double?, bytesTotal: Double?, rate: Double?) -> Double? {
        guard let p = furthest, p != .serving else { return nil }
        if p == .download, !(downloadSeen && (explicitCompletion || movedPastDownload)),
           let d = bytesDone, let t = bytesTotal, let v = rate, v > 0, d < t {
            return (t - d) / v
        }
        guard let latest = latestPerPhase[p], Self.unfinished(latest) else { return nil }
        return latest.etaSeconds
    }

    /// First and last download lines (preferring one with byte counts), last load and warm-up lines,
    /// first serving line: at most five, in log order.
    private func evidence() -> [String] {
        var lines: [String] = []
        func add(_ l: String?) { if let l, !lines.contains(l) { lines.append(l) } }
        add(firstLine[.download])
        add(lastByteLine ?? lastLine[.download])
        add(lastLine[.load])
        add(lastLine[.warmup])
        add(firstLine[.serving])
        return Array(lines.prefix(5))
    }
}
