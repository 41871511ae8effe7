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

    public init(modelID: String, parametersBillion: Double?, bytes: Double?, foundIn: String) {
        self.modelID = modelID
        self.parametersBillion = parametersBillion
        self.bytes = bytes
        self.foundIn = foundIn
    }
}

public enum ModelSize {
    /// Finds the served model in a container (args, command, env) and estimates its size, or nil.
    public static func estimate(for container: Container, bytesPerParameter: Double = 2) -> ModelEstimate? {
        nil // PLACEHOLDER: replaced by the Signals work (issue #3)
    }

    /// Whether the container looks like a model server (image/args/env of vLLM, SGLang, TGI, Triton,
    /// Ollama, KServe runtimes, llama.cpp, TEI …).
    public static func isModelServer(_ container: Container) -> Bool {
        false // PLACEHOLDER: replaced by the Signals work (issue #3)
    }
}
