import Foundation

/// What a container spec says about the model it serves.
public struct ModelEstimate: Sendable, Hashable {
    /// The model id or path as written (`deepseek-ai/DeepSeek-R1-Distill-Llama-8B`, `/models/llama`).
    public var modelID: String
    /// Parameter count in billions, when the id says so (`8b`, `70B`, `1.5b`, `8x7b` → 56, `e4b` …).
    public var parametersBillion: Double?
    /// Estimated weight bytes: parameters × bytes per parameter (quantisation hints lower it).
    public var bytes: Double?
    /// Where the id was found ("args --model", "env MODEL_ID", "vllm serve positional").
    public var foundIn: String
    /// Bytes per parameter used for `bytes` (the caller's default unless a quantisation hint changed it).
    public var bytesPerParameter: Double?

    public init(modelID: String, parametersBillion: Double?, bytes: Double?, foundIn: String) {
        self.modelID = modelID
        self.parametersBillion = parametersBillion
        self.bytes = bytes
        self.foundIn = foundIn
    }

    /// True when the id is an absolute path: the weights are read from the filesystem, not fetched by id.
    public var isLocalPath: Bool { modelID.hasPrefix("/") }
}

/// Reads the served model and its approximate weight size from a container spec, and tells model servers apart.
public enum ModelSize {
    /// Flags that name the served model (vLLM `--model`, SGLang `--model-path`, TGI/TEI `--model-id`, llama.cpp `--hf-repo`).
    static let modelFlags = ["--model", "--model-path", "--model_path", "--model-id", "--model_id",
                             "--model-name-or-path", "--model_dir", "--model-dir", "--hf-repo", "-hfr"]
    private static let positionals: [[String]] = [
        ["vllm", "serve"], ["lmdeploy", "serve", "api_server"], ["ollama", "pull"], ["ollama", "run"], ["sglang", "serve"],
    ]
    private static let envNames = ["MODEL_ID", "HF_MODEL_ID", "MODEL_NAME", "MODEL", "VLLM_MODEL", "MODEL_PATH"]

    /// Finds the served model in a container (args, command, env) and estimates its size, or nil.
    public static func estimate(for container: Container, bytesPerParameter: Double = 2) -> ModelEstimate? {
        guard let (id, foundIn) = findModel(container) else { return nil }
        let params = parameters(in: id)
        let cmd = ServerArgv(container)
        let quantArg = cmd.value(of: ["--quantization", "--quantize", "--dtype"])?.value ?? ""
        let bpp = quantisationBytesPerParameter(id + " " + quantArg) ?? bytesPerParameter
        var e = ModelEstimate(modelID: id, parametersBillion: params, bytes: params.map { $0 * 1e9 * bpp }, foundIn: foundIn)
        e.bytesPerParameter = params == nil ? nil : bpp
        return e
    }

    /// Whether the container looks like a model server (image/args/env of vLLM, SGLang, TGI, Triton,
    /// Ollama, KServe runtimes, llama.cpp, TEI …).
    public static func isModelServer(_ container: Container) -> Bool {
        ModelServerKind.detect(container) != nil
    }

    static func findModel(_ container: Container) -> (String, String)? {
        let cmd = ServerArgv(container)
        var flags = modelFlags
        // `-m` is llama.cpp's model flag but Python's module flag (`python3 -m vllm…`).
        if ModelServerKind.detect(container) == .llamaCpp { flags.append("-m") }
        if let (flag, value) = cmd.value(of: flags), usable(value) { return (value, "args \(flag)") }
        for verbs in positionals {
            if let v = cmd.positional(after: verbs), usable(v) { return (v, verbs.joined(separator: " ") + " positional") }
        }
        for name in envNames {
            if let v = cmd.env[name], usable(v) { return (v, "env \(name)") }
        }
        return nil
    }

    /// Unresolved references and template placeholders do not name a model.
    private static func usable(_ value: String) -> Bool {
        !value.isEmpty && !value.hasPrefix("$") && !value.contains("{{")
    }

    // `8b`, `1.5B`, `125m`, `8x7b`, `e4b`, `1t`, preceded by a separator (so `llama-3`, `v0.3`, `r1`, `a3b`
    // and `qwen2.5` are not sizes) and followed by a separator or the end.
    private static let sizePattern = SignalRegex(#"(?:^|[-_/:. ])e?(?:(\d+)x)?(\d+(?:\.\d+)?)([bmt])(?=$|[-_/:. ])"#)

    /// Parameter count in billions named by a model id, or nil.
    public static func parameters(in modelID: String) -> Double? {
        let name = modelID.lowercased()
        guard let m = sizePattern.firstMatch(in: name), let n = m[2].flatMap(Double.init), let unit = m[3] else { return nil }
        let experts = m[1].flatMap(Double.init) ?? 1
        let scale = unit == "m" ? 0.001 : unit == "t" ? 1000 : 1
        return experts * n * scale
    }

    private static let ggufBits = SignalRegex(#"(?:^|[^a-z0-9])i?q([2-8])(?:_[a-z0-9]+)*(?=$|[^a-z0-9])"#)
    private static let fourBit = SignalRegex(#"(?:^|[^a-z0-9])(?:awq|gptq|int4|4bit|4-bit|w4a16|nf4|mxfp4|nvfp4|fp4)(?=$|[^a-z0-9])"#)
    private static let eightBit = SignalRegex(#"(?:^|[^a-z0-9])(?:fp8|int8|8bit|8-bit|w8a8|w8a16|bitsandbytes8)(?=$|[^a-z0-9])"#)

    /// Bytes per parameter implied by a quantisation hint in the id or flags, or nil for none.
    /// GGUF k-quants store a little more than their nominal bits (Q4_K_M ≈ 4.8 bits → 0.6 B/param).
    public static func quantisationBytesPerParameter(_ text: String) -> Double? {
        let t = text.lowercased()
        if let bits = ggufBits.firstMatch(in: t)?[1].flatMap(Double.init) {
            return [2: 0.35, 3: 0.45, 4: 0.6, 5: 0.7, 6: 0.82, 8: 1.06][bits] ?? bits / 8
        }
        if fourBit.matches(t) { return 0.55 }
        if eightBit.matches(t) { return 1 }
        return nil
    }
}
