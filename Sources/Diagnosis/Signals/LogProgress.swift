/// Phases a model server goes through before it can answer a probe.
public enum ModelPhase: String, Codable, Sendable, Comparable, CaseIterable {
    case download, load, warmup, serving
    public static func < (a: ModelPhase, b: ModelPhase) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One progress line understood by a parser (huggingface_hub, hf_transfer, TGI, vLLM, SGLang, Ollama, …).
public struct ProgressSample: Sendable, Hashable {
    /// Which printer wrote it: `hf-hub`, `tqdm`, `checkpoint-loader`, `vllm`, `sglang`, `tgi`, `uvicorn`,
    /// `triton`, `ollama`, `ramalama`, `modelscope`, `kserve`, `aws-s3`, `llama.cpp`, `generic`.
    public var family: String
    public var phase: ModelPhase
    public var bytesDone: Double?
    public var bytesTotal: Double?
    public var rateBytesPerSecond: Double?
    public var etaSeconds: Double?
    public var itemsDone: Int?
    public var itemsTotal: Int?
    /// Seconds a finished step took, when the line says so ("Downloaded … in 0:01:22", "elapsed=112.68 s").
    public var elapsedSeconds: Double?
    /// The file / blob this line is about (`model-00001-of-00004.safetensors`, an Ollama digest), if named;
    /// `files` for huggingface_hub's `Fetching N files` bar.
    public var item: String?
    /// Completed fraction 0…1 when the line shows a percentage or done/total.
    public var fraction: Double?
    /// The line says the whole download finished ("Successfully downloaded weights", `Fetching N files` at N/N).
    public var completesDownload: Bool = false

    public init(family: String, phase: ModelPhase, bytesDone: Double? = nil, bytesTotal: Double? = nil,
                rateBytesPerSecond: Double? = nil, etaSeconds: Double? = nil, itemsDone: Int? = nil,
                itemsTotal: Int? = nil, elapsedSeconds: Double? = nil) {
        self.family = family
        self.phase = phase
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.rateBytesPerSecond = rateBytesPerSecond
        self.etaSeconds = etaSeconds
        self.itemsDone = itemsDone
        self.itemsTotal = itemsTotal
        self.elapsedSeconds = elapsedSeconds
    }
}

/// What a log tail says about download and load progress.
public struct ProgressReport: Sendable, Hashable {
    /// The furthest phase the log reached, nil if it shows none.
    public var phase: ModelPhase?
    public var downloadSeen: Bool
    public var downloadCompleted: Bool
    /// Download bytes, summed over files (latest line per file) when bars run in parallel.
    public var bytesDone: Double?
    public var bytesTotal: Double?
    /// Download throughput: the sum of the latest rates of files still in flight, else the latest rate seen.
    public var rateBytesPerSecond: Double?
    /// Seconds left in the furthest phase's current step: remaining bytes / rate for a download, else the
    /// latest ETA the log printed for that phase (tqdm remaining, TGI `ETA:`); nil once serving.
    public var etaSeconds: Double?
    /// A few verbatim lines that show the progress, for facts.
    public var evidenceLines: [String]
    /// Latest counted progress of the furthest phase (files for a download, shards for a load).
    public var itemsDone: Int?
    public var itemsTotal: Int?
    /// The longest finished step the log reported per phase ("Load weight end. elapsed=112.68 s",
    /// `Fetching 11 files … [06:17<00:00]`): a lower bound on that phase's duration. Steps are not added
    /// up because they overlap (parallel file bars, vLLM's "init engine … took" includes graph capture).
    public var phaseSeconds: [ModelPhase: Double] = [:]
    /// Families seen, in order of first appearance.
    public var families: [String] = []

    public init(phase: ModelPhase? = nil, downloadSeen: Bool = false, downloadCompleted: Bool = false,
                bytesDone: Double? = nil, bytesTotal: Double? = nil, rateBytesPerSecond: Double? = nil,
                etaSeconds: Double? = nil, evidenceLines: [String] = []) {
        self.phase = phase
        self.downloadSeen = downloadSeen
        self.downloadCompleted = downloadCompleted
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.rateBytesPerSecond = rateBytesPerSecond
        self.etaSeconds = etaSeconds
        self.evidenceLines = evidenceLines
    }
}

/// Parsers for the progress lines real model servers print (../shared/corpus/download-log-lines.json).
public enum LogProgress {
    /// Parses one line; nil when it is not a progress line of a known family. When the line holds several
    /// carriage-return-separated redraws, the latest one that parses wins.
    public static func parse(line: String) -> ProgressSample? {
        samples(in: line).last?.sample
    }

    /// Summarises a log tail (oldest line first).
    public static func analyze(_ lines: [String]) -> ProgressReport {
        var acc = ProgressAccumulator()
        for line in lines {
            for (segment, sample) in samples(in: line) { acc.add(sample, segment: segment) }
        }
        return acc.report()
    }

    /// Every parsed segment of a raw line, with the cleaned segment text.
    static func samples(in line: String) -> [(segment: String, sample: ProgressSample)] {
        LogLineCleaner.segments(of: line).compactMap { seg in parseSegment(seg).map { (seg, $0) } }
    }

    /// One cleaned segment: tqdm bars first (their shape is unambiguous), then server milestones,
    /// then pullers, then plain "Downloading …" announcements.
    static func parseSegment(_ segment: String) -> ProgressSample? {
        if let s = TqdmParser.parse(segment) { return s }
        for marker in ServerMarkers.all { if let s = marker.sample(segment) { return s } }
        for marker in PullMarkers.all { if let s = marker.sample(segment) { return s } }
        return nil
    }
}
