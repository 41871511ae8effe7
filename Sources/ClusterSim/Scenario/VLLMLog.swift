import Foundation

/// The lines a vLLM OpenAI API server prints during start-up, serving and failure.
/// Shapes are taken from real logs (corpus/download-log-lines.json and the cases' logs).
struct VLLMLog: Sendable {
    let behaviour: ContainerBehaviour
    /// Start of the container instance; line prefixes carry wall-clock times derived from it.
    let start: Date

    typealias Line = (offset: Double, text: String)

    /// Logger prefix generations: 0.7 `INFO 02-07 19:23:57 file.py:252] …`; 0.8–0.9 put the source in
    /// brackets (`[file.py:252]`); from 0.10 each process also prefixes its name (`(APIServer pid=1) INFO …`).
    enum Style: Sendable { case v0, bracketed, processPrefixed }

    var style: Style {
        let parts = behaviour.serverVersion.split(separator: ".").compactMap { Int($0) }
        let (major, minor) = (parts.first ?? 0, parts.dropFirst().first ?? 0)
        if major == 0 && minor < 8 { return .v0 }
        return major == 0 && minor < 10 ? .bracketed : .processPrefixed
    }

    /// An INFO line; `engine` marks lines printed by the engine process rather than the API server.
    func info(_ offset: Double, _ source: String, _ message: String, engine: Bool = false) -> Line {
        let time = SimFormat.vllmTime(start.addingTimeInterval(offset))
        switch style {
        case .v0: return (offset, "INFO \(time) \(source)] \(message)")
        case .bracketed: return (offset, "INFO \(time) [\(source)] \(message)")
        case .processPrefixed:
            let process = engine ? "(EngineCore_DP0 pid=263)" : "(APIServer pid=1)"
            return (offset, "\(process) INFO \(time) [\(source)] \(message)")
        }
    }

    /// The prefix of an ERROR line (same generations as `info`).
    func errorPrefix(_ offset: Double, _ source: String, engine: Bool) -> String {
        let line = info(offset, source, "", engine: engine).text.dropLast()
        return line.replacingOccurrences(of: " INFO ", with: " ERROR ").replacingOccurrences(of: "^INFO ", with: "ERROR ",
                                                                                               options: .regularExpression)
    }

    private var model: String { behaviour.modelID }

    func boot(at t0: Double, seconds b: Double) -> [Line] {
        [
            info(t0, "__init__.py:190", "Automatically detected platform cuda."),
            info(t0 + 0.15 * b, "api_server.py:840", "vLLM API server version \(behaviour.serverVersion)"),
            info(t0 + 0.15 * b, "api_server.py:841", "args: Namespace(host='0.0.0.0', port=\(behaviour.port), "
                 + "model='\(model)', task='auto', tokenizer=None, trust_remote_code=False, download_dir=None, "
                 + "load_format='auto', dtype='auto', max_model_len=12288, tensor_parallel_size=1, gpu_memory_utilization=0.9)"),
            info(t0 + 0.2 * b, "api_server.py:206", "Started engine process with PID 77"),
            (t0 + 0.3 * b, "config.json: 1.81kB [00:00, 5.73MB/s]"),
            info(t0 + 0.5 * b, "config.py:542", "This model supports multiple tasks: {'generate', 'embed', 'reward', "
                 + "'classify', 'score'}. Defaulting to 'generate'."),
            info(t0 + 0.7 * b, style == .v0 ? "llm_engine.py:234" : "core.py:74",
                 "Initializing a \(style == .v0 ? "V0" : "V1") LLM engine (v\(behaviour.serverVersion)) with config: "
                 + "model='\(model)', speculative_config=None, tokenizer='\(model)', skip_tokenizer_init=False, "
                 + "dtype=torch.bfloat16, max_seq_len=12288, download_dir=None, load_format=LoadFormat.AUTO, "
                 + "tensor_parallel_size=1, device_config=cuda, seed=0, served_model_name=\(model)"),
            (t0 + 0.75 * b, "tokenizer_config.json: 6.75kB [00:00, 21.3MB/s]"),
            (t0 + 0.8 * b, "tokenizer.json: 9.09MB [00:00, 38.2MB/s]"),
            (t0 + 0.85 * b, "generation_config.json: 181B [00:00, 1.52MB/s]"),
            info(t0 + 0.9 * b, "cuda.py:230", "Using Flash Attention backend.", engine: true),
            info(t0 + b, "model_runner.py:1110", "Starting to load model \(model)...", engine: true),
        ]
    }

    func downloadHeader(at t0: Double) -> Line {
        info(t0, "weight_utils.py:252", "Using model weights format ['*.safetensors']", engine: true)
    }

    func load(at t0: Double, seconds s: Double, shards n: Int, weightsGiB: Double) -> [Line] {
        let shards = max(1, n)
        let per = s / Double(shards)
        var lines: [Line] = [(t0, "Loading safetensors checkpoint shards:   0% Completed | 0/\(shards) [00:00<?, ?it/s]")]
        for k in 1...shards {
            let elapsed = per * Double(k)
            let left = per * Double(shards - k)
            lines.append((t0 + elapsed, "Loading safetensors checkpoint shards: "
                          + "\(SimFormat.tqdmPercent(Double(k), of: Double(shards))) Completed | \(k)/\(shards) "
                          + "[\(SimFormat.tqdmInterval(elapsed))<\(SimFormat.tqdmInterval(left)), "
                          + "\(SimFormat.tqdmIterRate(secondsPerIteration: per))]"))
        }
        let took = style == .v0 ? String(format: "Loading model weights took %.4f GB", weightsGiB)
            : String(format: "Model loading took %.4f GiB and %.6f seconds", weightsGiB, s)
        lines.append(info(t0 + s, style == .v0 ? "model_runner.py:1115" : "gpu_model_runner.py:1892", took, engine: true))
        return lines
    }

    func warmup(at t0: Double, seconds w: Double) -> [Line] {
        [
            info(t0 + 0.15 * w, "worker.py:267", String(format: "Memory profiling takes %.2f seconds", 0.12 * w), engine: true),
            info(t0 + 0.2 * w, "executor_base.py:110", "# CUDA blocks: 27215, # CPU blocks: 2048", engine: true),
            info(t0 + 0.2 * w, "executor_base.py:115", "Maximum concurrency for 12288 tokens per request: 35.44x", engine: true),
            info(t0 + 0.3 * w, "model_runner.py:1434", "Capturing cudagraphs for decoding. This may lead to unexpected "
                 + "consequences if the model is not static. To run the model in eager mode, set 'enforce_eager=True' "
                 + "or use '--enforce-eager' in the CLI.", engine: true),
            (t0 + 0.6 * w, "Capturing CUDA graph shapes:  49% 17/35 [00:\(pad2(0.3 * w))<00:\(pad2(0.3 * w)), "
             + "\(SimFormat.tqdmIterRate(secondsPerIteration: 0.3 * w / 17))]"),
            info(t0 + 0.95 * w, "model_runner.py:1562",
                 String(format: "Graph capturing finished in %.0f secs, took 0.26 GiB", 0.65 * w), engine: true),
            info(t0 + w, "llm_engine.py:431",
                 String(format: "init engine (profile, create kv cache, warmup model) took %.2f seconds", w), engine: true),
        ]
    }

    private func pad2(_ v: Double) -> String { String(format: "%02d", min(59, Int(v))) }

    /// Lines from the end of start-up until the health endpoint answers (`servingOffset` = t0 + 0.5).
    func serving(at t0: Double) -> [Line] {
        var lines: [Line] = [
            info(t0, "api_server.py:756", "Using supplied chat template: None"),
            info(t0, "api_server.py:937", "Starting vLLM API server on http://0.0.0.0:\(behaviour.port)"),
            info(t0, "launcher.py:21", "Available routes are:"),
            info(t0, "launcher.py:29", "Route: /health, Methods: GET"),
            info(t0, "launcher.py:29", "Route: /v1/models, Methods: GET"),
            info(t0, "launcher.py:29", "Route: /v1/chat/completions, Methods: POST"),
            info(t0, "launcher.py:29", "Route: /v1/completions, Methods: POST"),
        ]
        if behaviour.uvicornInfoLogs {
            lines += [
                (t0 + 0.2, "INFO:     Started server process [1]"),
                (t0 + 0.2, "INFO:     Waiting for application startup."),
                (t0 + 0.4, "INFO:     Application startup complete."),
                (t0 + 0.4, "INFO:     Uvicorn running on http://0.0.0.0:\(behaviour.port) (Press CTRL+C to quit)"),
            ]
        }
        return lines
    }
}
