import Foundation

/// One recognisable progress or milestone line of a known program, and what it says.
struct ProgressMarker: Sendable {
    let family: String
    let phase: ModelPhase
    let pattern: SignalRegex
    var completesDownload = false
    /// Fills numbers from the capture groups; nil means "no numbers, maybe a generic elapsed time".
    var extract: (@Sendable ([String?], inout ProgressSample) -> Void)?

    init(_ family: String, _ phase: ModelPhase, _ pattern: String, caseInsensitive: Bool = false,
         completesDownload: Bool = false, extract: (@Sendable ([String?], inout ProgressSample) -> Void)? = nil) {
        self.family = family
        self.phase = phase
        self.pattern = SignalRegex(pattern, caseInsensitive: caseInsensitive)
        self.completesDownload = completesDownload
        self.extract = extract
    }

    func sample(_ segment: String) -> ProgressSample? {
        guard let m = pattern.firstMatch(in: segment) else { return nil }
        var s = ProgressSample(family: family, phase: phase)
        s.completesDownload = completesDownload
        if let extract { extract(m, &s) } else { s.elapsedSeconds = ProgressMarker.elapsed(in: segment) }
        return s
    }

    private static let elapsedPattern = SignalRegex(
        #"\b(?:took|takes|in|elapsed[=:]?|time[=:]?|and)\s*(\d+(?:\.\d+)?)\s?(seconds|secs?|s|min)\b"#, caseInsensitive: true)

    /// "took 5.8 seconds", "finished in 223.06s", "elapsed=112.68 s", "Time elapsed: 11.35 s".
    static func elapsed(in segment: String) -> Double? {
        guard let m = elapsedPattern.firstMatch(in: segment), let n = m[1], let u = m[2] else { return nil }
        return ProgressUnits.seconds(n, u)
    }

    static func int(_ s: String?) -> Int? { s.flatMap { Int($0) } }
}

/// Milestone and progress lines of model servers: TGI launcher, TEI, vLLM, SGLang, uvicorn, Triton, llama.cpp.
enum ServerMarkers {
    static let all: [ProgressMarker] = tgi + vllm + sglang + triton + serving

    static let tgi: [ProgressMarker] = [
        ProgressMarker("tgi", .download, #"Download file: (\S+)"#) { m, s in s.item = m[1] },
        ProgressMarker("tgi", .download, #"Downloaded (\S+) in (\d+:\d+:\d+(?:\.\d+)?)"#) { m, s in
            s.item = m[1].map { String($0.split(separator: "/").last ?? "") }
            s.elapsedSeconds = m[2].flatMap(ProgressUnits.clock)
        },
        ProgressMarker("tgi", .download, #"Download: \[(\d+)/(\d+)\] -- ETA: (\d+:\d+:\d+(?:\.\d+)?)"#) { m, s in
            s.itemsDone = ProgressMarker.int(m[1])
            s.itemsTotal = ProgressMarker.int(m[2])
            s.etaSeconds = m[3].flatMap(ProgressUnits.clock)
        },
        ProgressMarker("tgi", .download, #"Successfully downloaded weights|Files are already present on the host|text_embeddings\S*: .*Model artifacts downloaded"#,
                       completesDownload: true),
        ProgressMarker("tgi", .download, #"text_generation_launcher: Starting (?:check and )?download process|text_embeddings\S*: .*Starting download"#),
        ProgressMarker("tgi", .load, #"text_generation_launcher: Shard ready in (\d+(?:\.\d+)?)s"#) { m, s in
            s.elapsedSeconds = m[1].flatMap(Double.init)
        },
        ProgressMarker("tgi", .load, #"text_generation_launcher: (?:Starting shard|Waiting for shard to be ready)|text_embeddings\S*: .*Starting model backend"#),
        ProgressMarker("tgi", .warmup, #"text_(?:generation|embeddings)_\S+: .*(?:Warming up model|Setting max batch total tokens|Starting Webserver)"#),
    ]

    static let vllm: [ProgressMarker] = [
        ProgressMarker("vllm", .load, #"Prefetching checkpoint files:\s*(\d{1,3})%\s*\((\d+)/(\d+)\)"#) { m, s in
            s.itemsDone = ProgressMarker.int(m[2])
            s.itemsTotal = ProgressMarker.int(m[3])
            s.fraction = m[1].flatMap(Double.init).map { $0 / 100 }
        },
        ProgressMarker("vllm", .download, #"Using model weights format \["#),
        ProgressMarker("vllm", .download, #"Time spent downloading weights for \S+: (\d+(?:\.\d+)?) seconds"#,
                       completesDownload: true) { m, s in s.elapsedSeconds = m[1].flatMap(Double.init) },
        ProgressMarker("vllm", .load, #"Prefetching checkpoint files into page cache finished|Starting to load model|Loading model weights took|Model loading took|Loading weights took"#),
        ProgressMarker("vllm", .warmup, [
            #"Dynamo bytecode transform time"#, #"torch\.compile takes"#, #"Compiling a graph for"#,
            #"Directly load the compiled graph"#, #"for vLLM's torch\.compile"#, #"Memory profiling takes"#,
            #"# (?:GPU|CUDA|cuda|CPU) blocks:"#, #"GPU KV cache size"#, #"Maximum concurrency for"#,
            #"Capturing cudagraphs"#, #"Capturing the model for CUDA graphs"#, #"Graph capturing finished"#,
            #"init engine \(profile"#,
        ].joined(separator: "|")),
    ]

    static let sglang: [ProgressMarker] = [
        ProgressMarker("sglang", .load, #"Load weight (?:begin|end)"#),
        ProgressMarker("sglang", .warmup, #"Capture cuda graph (?:begin|end)|Memory pool end|KV Cache is allocated"#),
    ]

    // Triton model_lifecycle.cc: `loading: name:1`, then `successfully loaded 'name'`.
    static let triton: [ProgressMarker] = [
        ProgressMarker("triton", .load, #"\bloading: \S+:\d+|successfully loaded '"#),
    ]

    static let serving: [ProgressMarker] = [
        ProgressMarker("sglang", .serving, #"The server is fired up and ready to roll"#),
        ProgressMarker("vllm", .serving, #"Starting vLLM API server|Avg prompt throughput"#),
        ProgressMarker("uvicorn", .serving, #"Application startup complete|Uvicorn running on"#),
        ProgressMarker("tgi", .serving, #"text_(?:generation|embeddings)_router\S*: .*\b(?:Connected|Ready)\s*$"#),
        ProgressMarker("triton", .serving, #"Started (?:HTTPService|GRPCInferenceService|Metrics Service) at"#),
        ProgressMarker("ollama", .serving, #"Listening on \S+ \(version"#),
        ProgressMarker("llama.cpp", .serving, #"(?:HTTP )?server (?:is )?listening (?:on )?(?:at )?http"#, caseInsensitive: true),
    ]
}
