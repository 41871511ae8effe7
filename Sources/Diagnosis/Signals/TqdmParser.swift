import Foundation

/// tqdm progress bars: huggingface_hub / hf_transfer file downloads (TTY and non-TTY forms), `Fetching N files`,
/// checkpoint-shard loaders (vLLM, SGLang, transformers), CUDA-graph capture bars and bare byte bars.
enum TqdmParser {
    // `[elapsed<remaining, rate]` or `[elapsed, rate]` (unknown total), rate `30.8MB/s`, `3.66s/it`, `?it/s`,
    // optionally followed by a postfix (`, file=…`). tqdm's `format_meter` writes exactly this shape.
    private static let tail = SignalRegex(
        #"\[\s*(\d+(?::\d+)+|\?)\s*(?:<\s*(\d+(?::\d+)+|\?))?\s*,\s*(\?|\d+(?:\.\d+)?)\s*([A-Za-z]*)/([A-Za-z]+)\s*(?:,[^\]]*)?\]"#,
        needles: ["/s", "/it"])
    private static let counts = SignalRegex(#"(?:^|[\s|])(\d+(?:\.\d+)?)([A-Za-z]*)(?:/(\d+(?:\.\d+)?)([A-Za-z]*))?\s*$"#)
    private static let percent = SignalRegex(#"(\d{1,3}(?:\.\d+)?)%"#)
    // A bar with a percentage but no counts (ModelScope: `Downloading [configuration.json]: 100%|`).
    private static let percentOnly = SignalRegex(#"^(.*?):\s+(\d{1,3})%\|[^\[]*$"#, needles: ["%|"])

    static func parse(_ segment: String) -> ProgressSample? {
        if let m = tail.firstMatch(in: segment), let whole = m[0], let r = segment.range(of: whole) {
            return parseBar(head: String(segment[..<r.lowerBound]), tail: m)
        }
        if let m = percentOnly.firstMatch(in: segment), let desc = m[1], let pct = m[2].flatMap(Double.init) {
            guard let (family, phase) = classify(desc: desc, isBytes: false) else { return nil }
            var s = ProgressSample(family: family, phase: phase)
            s.fraction = pct / 100
            s.item = itemKey(desc)
            return s
        }
        return nil
    }

    private static func parseBar(head: String, tail m: [String?]) -> ProgressSample? {
        guard let c = counts.firstMatch(in: head), let doneText = c[1] else { return nil }
        let rateNumber = m[3].flatMap(Double.init)
        let perSecond = m[5] == "s"
        let rateUnit = (perSecond ? m[4] : m[5]) ?? ""
        let isBytes = ProgressUnits.isByteUnit(rateUnit) || ProgressUnits.isByteUnit(c[2] ?? "") ||
            ProgressUnits.isByteUnit(c[4] ?? "")
        let beforeCounts = String(head[..<(head.range(of: c[0] ?? "", options: .backwards)?.lowerBound ?? head.endIndex)])
        let pctMatch = percent.allMatches(in: beforeCounts).last
        var desc = beforeCounts
        if let p = pctMatch?[0], let r = desc.range(of: p, options: .backwards) { desc = String(desc[..<r.lowerBound]) }
        guard let (family, phase) = classify(desc: desc, isBytes: isBytes) else { return nil }

        var s = ProgressSample(family: family, phase: phase)
        s.item = itemKey(desc)
        s.etaSeconds = m[2].flatMap(ProgressUnits.clock)
        if isBytes {
            // Without unit_scale tqdm prints raw counts (`259560/281857`) in the rate's unit (`KB/s`);
            // with unit_scale, counts below 1000 carry no prefix and are plain bytes.
            let raw = [c[1], c[3]].compactMap { $0.flatMap(Double.init) }
            let unscaled = (c[2] ?? "").isEmpty && (c[4] ?? "").isEmpty && raw.contains { $0 >= 1000 }
            let factor = unscaled ? (ProgressUnits.byteFactor(rateUnit) ?? 1) : 1
            s.bytesDone = ProgressUnits.bytes(doneText, c[2] ?? "", defaultFactor: factor)
            s.bytesTotal = c[3].flatMap { ProgressUnits.bytes($0, c[4] ?? "", defaultFactor: factor) }
            if perSecond, let r = rateNumber, let f = ProgressUnits.byteFactor(rateUnit) { s.rateBytesPerSecond = r * f }
        } else {
            s.itemsDone = Double(doneText).map { Int($0) }
            s.itemsTotal = c[3].flatMap(Double.init).map { Int($0) }
        }
        let pct = pctMatch?[1].flatMap(Double.init).map { $0 / 100 }
        s.fraction = pct ?? fraction(done: s.bytesDone ?? s.itemsDone.map(Double.init),
                                     total: s.bytesTotal ?? s.itemsTotal.map(Double.init))
        if s.fraction == 1 { s.elapsedSeconds = m[1].flatMap(ProgressUnits.clock) }
        if s.fraction == 1, s.phase == .download, s.family == "hf-hub", s.item == "files" { s.completesDownload = true }
        return s
    }

    private static func fraction(done: Double?, total: Double?) -> Double? {
        guard let d = done, let t = total, t > 0 else { return nil }
        return min(1, d / t)
    }

    private static let descriptionPunctuation = CharacterSet(charactersIn: " :|>\t")

    /// Family and phase from a bar's description; nil for an unlabelled item bar (phase unknowable).
    static func classify(desc raw: String, isBytes: Bool) -> (String, ModelPhase)? {
        let desc = raw.trimmingCharacters(in: Self.descriptionPunctuation)
        let d = desc.lowercased()
        if d.contains("fetching"), d.contains("file") { return ("hf-hub", .download) }
        if ["captur", "cuda graph", "cudagraph", "compil", "warm"].contains(where: d.contains) { return ("tqdm", .warmup) }
        if d.contains("download") || d.contains("pulling") {
            return (d.contains("[") ? "modelscope" : "hf-hub", .download)
        }
        if d.contains("load") {
            let shards = ["checkpoint", "shard", "safetensors", "weights"].contains(where: d.contains)
            return (shards ? "checkpoint-loader" : "tqdm", .load)
        }
        if looksLikeFile(desc) { return ("hf-hub", .download) }
        if isBytes { return (desc.isEmpty ? "tqdm" : "hf-hub", .download) }
        return nil
    }

    private static func looksLikeFile(_ desc: String) -> Bool {
        guard let last = desc.split(separator: " ").last else { return false }
        return last.contains("(…)") || last.contains("...") ||
            (last.contains(".") && last.last.map { $0.isLetter || $0.isNumber } == true)
    }

    /// What identifies one file's bar among parallel bars: the last word of the description.
    static func itemKey(_ desc: String) -> String {
        let d = desc.trimmingCharacters(in: Self.descriptionPunctuation)
        if d.lowercased().contains("fetching") { return "files" }
        return d.split(separator: " ").last.map(String.init) ?? ""
    }
}
