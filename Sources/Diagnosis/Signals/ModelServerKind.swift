/// Which model server a container runs, judged from its command first and its image second.
enum ModelServerKind: String, Sendable, CaseIterable {
    case vllm, sglang, tgi, tei, triton, ollama, kserveHuggingFace, llamaCpp, lmdeploy, rayLLM, nim, mlserver,
         tensorrtLLM
    /// An unrecognised image that is given a model with `--model` / `--model-id` / `--model-path`.
    case other

    /// Servers that fetch weights through huggingface_hub into the HF cache by default.
    var usesHuggingFaceCache: Bool {
        switch self {
        case .vllm, .sglang, .tgi, .tei, .kserveHuggingFace, .lmdeploy, .rayLLM, .mlserver, .tensorrtLLM, .other: return true
        case .triton, .ollama, .llamaCpp, .nim: return false
        }
    }

    // Words of a command that run a model server.
    private static let commands: [(String, ModelServerKind)] = [
        ("vllm serve", .vllm), ("vllm.entrypoints", .vllm), ("sglang.launch_server", .sglang), ("sglang serve", .sglang),
        ("text-generation-launcher", .tgi), ("text-embeddings-router", .tei), ("tritonserver", .triton),
        ("ollama serve", .ollama), ("llama-server", .llamaCpp), ("llama_cpp.server", .llamaCpp),
        ("lmdeploy serve", .lmdeploy), ("huggingfaceserver", .kserveHuggingFace), ("mlserver start", .mlserver),
        ("trtllm-serve", .tensorrtLLM),
    ]
    // Image name fragments (registry path, tag stripped).
    private static let images: [(String, ModelServerKind)] = [
        ("vllm", .vllm), ("llm-d-", .vllm), ("sglang", .sglang), ("text-generation-inference", .tgi),
        ("text-embeddings-inference", .tei), ("tritonserver", .triton), ("ollama", .ollama),
        ("huggingfaceserver", .kserveHuggingFace), ("llama.cpp", .llamaCpp), ("llama-cpp", .llamaCpp),
        ("llamacpp", .llamaCpp), ("lmdeploy", .lmdeploy), ("ray-llm", .rayLLM), ("nvcr.io/nim/", .nim),
        ("mlserver", .mlserver), ("tensorrt-llm", .tensorrtLLM), ("tensorrt_llm", .tensorrtLLM),
    ]
    // Components that ship next to model servers, often from the same image family, but load no weights:
    // production-stack's router (`lmstack-router`) and LMCache server (`lmcache_*server` on the vllm-openai image),
    // llm-d's routing sidecar and inference scheduler, exporters and operators.
    private static let helperWords = ["router", "sidecar", "scheduler", "gateway", "epp", "proxy", "exporter",
                                      "operator", "controller"]
    private static let helperCommands = SignalRegex(#"(?:^|[\s/])(?:lmcache_\w*server|vllm[-_]router)(?:\s|$)"#)

    static func detect(_ container: Container) -> ModelServerKind? {
        let cmd = ServerArgv(container)
        let line = cmd.joinedLowercased
        if helperCommands.matches(line) { return nil }
        if let hit = commands.first(where: { contains(line, phrase: $0.0) }) { return hit.1 }
        let image = imageName(container.image)
        let last = image.split(separator: "/").last.map(String.init) ?? image
        if helperWords.contains(where: { last.contains($0) }) { return nil }
        if let hit = images.first(where: { image.contains($0.0) }) { return hit.1 }
        if cmd.value(of: ModelSize.modelFlags) != nil { return .other }
        return nil
    }

    /// `ghcr.io/org/name:tag@sha256:…` → `ghcr.io/org/name`, lowercased.
    static func imageName(_ image: String?) -> String {
        var s = Substring((image ?? "").lowercased())
        if let at = s.firstIndex(of: "@") { s = s[..<at] }
        if let colon = s.lastIndex(of: ":"), !s[colon...].contains("/") { s = s[..<colon] }
        return String(s)
    }

    /// `phrase` occurs in `line` at word boundaries (words may carry a path prefix, e.g. `/usr/bin/tritonserver`).
    private static func contains(_ line: String, phrase: String) -> Bool {
        // A byte search first: most lines hold none of the phrases, and Foundation's range(of:) is slow.
        guard SignalRegex.contains(line, phrase) else { return false }
        var search = line[...]
        while let r = search.range(of: phrase) {
            let beforeOK = r.lowerBound == line.startIndex || [" ", "/", "."].contains(line[line.index(before: r.lowerBound)])
            let afterOK = r.upperBound == line.endIndex || [" ", "=", "."].contains(line[r.upperBound]) || phrase.hasSuffix(".")
            if beforeOK && afterOK { return true }
            search = line[r.upperBound...]
        }
        return false
    }
}
