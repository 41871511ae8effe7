/// Phases a model server goes through before it can answer a probe.
public enum ModelPhase: String, Codable, Sendable, Comparable, CaseIterable {
    case download, load, warmup, serving
    public static func < (a: ModelPhase, b: ModelPhase) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One progress line understood by a parser (huggingface_hub, hf_transfer, TGI, vLLM, SGLang, Ollama, …).
public struct ProgressSample: Sendable, Hashable {
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
    public var bytesDone: Double?
    public var bytesTotal: Double?
    public var rateBytesPerSecond: Double?
    public var etaSeconds: Double?
    /// A few verbatim lines that show the progress, for facts.
    public var evidenceLines: [String]

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
    /// Parses one line; nil when it is not a progress line of a known family.
    public static func parse(line: String) -> ProgressSample? {
        nil // PLACEHOLDER: replaced by the Signals work (issue #3)
    }

    /// Summarises a log tail (oldest line first).
    public static func analyze(_ lines: [String]) -> ProgressReport {
        ProgressReport() // PLACEHOLDER: replaced by the Signals work (issue #3)
    }
}
