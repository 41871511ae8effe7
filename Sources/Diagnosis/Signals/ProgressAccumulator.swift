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
    /// Evidence candidates as (position in the log, trimmed line).
    private var firstLine: [ModelPhase: (Int, String)] = [:]
    private var lastLine: [ModelPhase: (Int, String)] = [:]
    private var lastByteLine: (Int, String)?
    private var position = 0

    mutating func add(_ s: ProgressSample, segment: String) {
        furthest = max(furthest ?? s.phase, s.phase)
        if !families.contains(s.family) { families.append(s.family) }
        if s.phase == .download {
            downloadSeen = true
            explicitCompletion = explicitCompletion || s.completesDownload
            trackBytes(s)
        } else if downloadSeen, s.phase > .download {
            // Loading only starts once every weight file is on disk.
            movedPastDownload = true
        }
        latestPerPhase[s.phase] = s
        if s.itemsTotal != nil || s.itemsDone != nil { latestCounted[s.phase] = s }
        if let e = s.elapsedSeconds { phaseSeconds[s.phase] = max(phaseSeconds[s.phase] ?? 0, e) }
        position += 1
        let line = (position, LogLineCleaner.evidence(segment))
        if firstLine[s.phase] == nil { firstLine[s.phase] = line }
        lastLine[s.phase] = line
        if s.phase == .download, s.bytesDone != nil || s.bytesTotal != nil { lastByteLine = line }
    }

    private mutating func trackBytes(_ s: ProgressSample) {
        guard s.bytesDone != nil || s.bytesTotal != nil else { return }
        let key = s.family + "|" + (s.item ?? "")
        if perItem[key] == nil { itemOrder.append(key) }
        perItem[key] = s
        if let r = s.rateBytesPerSecond { latestRate = r }
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

    /// The first download line, the last one with byte counts, the last download, load and warm-up lines
    /// and the first serving line: at most five (in that priority), shown in log order.
    private func evidence() -> [String] {
        let candidates = [firstLine[.download], lastByteLine, lastLine[.download], lastLine[.load],
                          lastLine[.warmup], firstLine[.serving]].compactMap { $0 }
        var picked: [(Int, String)] = []
        for c in candidates where !picked.contains(where: { $0.0 == c.0 }) && picked.count < 5 { picked.append(c) }
        return picked.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
