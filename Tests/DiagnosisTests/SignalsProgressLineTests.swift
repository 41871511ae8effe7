import Foundation
import Testing
@testable import Diagnosis

/// Line shapes beyond the corpus: other printers, wrappers, units, and lines that must not parse.
@Suite struct SignalsProgressLineTests {
    @Test(arguments: [
        ("INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)", "uvicorn"),
        ("(APIServer pid=1) INFO 09-01 10:00:00 [api_server.py:1818] Starting vLLM API server 0 on http://0.0.0.0:8000", "vllm"),
        ("[2025-01-01 10:00:00] The server is fired up and ready to roll!", "sglang"),
        ("time=2024-08-29T20:39:11.000Z level=INFO source=routes.go:1205 msg=\"Listening on [::]:11434 (version 0.3.6)\"", "ollama"),
        ("I0806 21:52:45.863589 1 grpc_server.cc:2495] Started GRPCInferenceService at 0.0.0.0:8001", "triton"),
        ("I0806 21:52:45.863589 1 http_server.cc:4619] Started HTTPService at 0.0.0.0:8000", "triton"),
        ("2024-05-01T10:00:00Z  INFO text_embeddings_router::http::server: router/src/http/server.rs:1816: Ready", "tgi"),
        ("main: server is listening on http://0.0.0.0:8080 - starting the main loop", "llama.cpp"),
    ])
    func servingMarkers(line: String, family: String) throws {
        let s = try #require(LogProgress.parse(line: line))
        #expect(s.phase == .serving)
        #expect(s.family == family)
    }

    @Test(arguments: [
        ("Capturing CUDA graphs (mixed prefill-decode, PIECEWISE): 100%|██████████| 67/67 [00:03<00:00, 17.53it/s]", ModelPhase.warmup),
        ("Capturing batches (bs=1 avail_mem=10.37 GB): 100%|██████████| 23/23 [00:05<00:00,  4.11it/s]", .warmup),
        ("(VllmWorker rank=0 pid=1) INFO 05-14 11:29:58 [backends.py:136] Compiling a graph for dynamic shape takes 25.31 s", .warmup),
        ("[2025-11-10 19:59:09 TP0] Load weight begin. avail mem=78.50 GB", .load),
        ("time=2024-08-29T20:39:11.000Z level=INFO source=server.go:632 msg=\"llama runner started in 3.51 seconds\"", .load),
        ("pulling 6150cb382311...  45% ▕███████         ▏ 8.6 GB/ 19 GB  104 MB/s   1m40s", .download),
        ("download: s3://bucket/models/llama/model.safetensors to /data/model.safetensors", .download),
        ("2025-08-27 10:43:07.001 1 kserve INFO [storage.py:download():85] Successfully copied s3://b/m to /mnt/models", .download),
        ("I0806 21:52:40.000000 1 model_lifecycle.cc:469] \"loading: vllm_model:1\"", .load),
        ("I0806 21:53:40.000000 1 model_lifecycle.cc:835] \"successfully loaded 'vllm_model'\"", .load),
    ])
    func phases(line: String, phase: ModelPhase) throws {
        #expect(try #require(LogProgress.parse(line: line)).phase == phase)
    }

    @Test func vllmDownloadTimeCompletesTheDownload() throws {
        let line = "(APIServer pid=1) INFO 08-01 10:00:00 [weight_utils.py:296] Time spent downloading weights for Qwen/Qwen3-8B: 34.53 seconds"
        let s = try #require(LogProgress.parse(line: line))
        #expect(s.phase == .download && s.completesDownload && s.elapsedSeconds == 34.53)
        let r = LogProgress.analyze(["INFO x weight_utils.py:252] Using model weights format ['*.safetensors']", line])
        #expect(r.downloadCompleted && r.phaseSeconds[.download] == 34.53)
    }

    @Test func requiredLiteralsOfPatterns() {
        #expect(RegexLiterals.required(in: #"Download file: (\S+)"#) == ["Download file: "])
        #expect(RegexLiterals.required(in: #"Load weight (?:begin|end)"#) == ["Load weight "])
        #expect(RegexLiterals.required(in: #"\bBus error\b|No space left"#) == ["Bus error", "No space left"])
        #expect(RegexLiterals.required(in: #"colou?r name"#) == ["r name"])
        #expect(RegexLiterals.required(in: #"\[GIN\].*\|\s*(\d{3})"#) == ["[GIN]"])
        #expect(RegexLiterals.required(in: #"abc[de]fgh"#) == ["abc"])
        #expect(RegexLiterals.required(in: #"x{2}yz done"#) == ["yz done"])
        #expect(RegexLiterals.required(in: #"(?:^|\dZ\s+)(?:pulling manifest|verifying)"#) == nil)
        #expect(RegexLiterals.required(in: #"ab|long enough"#) == nil, "an alternative without a literal disables the filter")
        // The filter never hides a match: a pattern and its literal agree on lines that match.
        let p = SignalRegex(#"Shard ready in (\d+)s"#)
        #expect(p.matches("INFO Shard ready in 12s rank=0") && !p.matches("INFO shard ready in 12s"))
    }

    @Test func ollamaRunningBarHasDoneTotalRateEta() throws {
        let s = try #require(LogProgress.parse(line: "pulling 6150cb382311...  45% ▕███████         ▏ 8.6 GB/ 19 GB  104 MB/s   1m40s"))
        #expect(s.bytesDone == 8.6e9 && s.bytesTotal == 19e9 && s.rateBytesPerSecond == 104e6 && s.etaSeconds == 100)
    }

    @Test func wrappersAndPrefixes() throws {
        // Docker json-file record: "log" holds the text, "stream" only names the pipe.
        let docker = #"{"log":"model.safetensors:  13% 118M/892M [00:03<00:21, 35.5MB/s]\n","stream":"stderr","time":"2024-01-01T00:00:00Z"}"#
        #expect(try #require(LogProgress.parse(line: docker)).bytesDone == 118e6)
        // kubectl --timestamps prefix before a CLI line.
        let stamped = "2024-05-01T10:00:00.123456789Z pulling manifest"
        #expect(try #require(LogProgress.parse(line: stamped)).family == "ollama")
        // Several tqdm redraws in one line; ANSI colour codes around them.
        let redraws = "\u{1B}[32mmodel.safetensors:  10%|█ | 89M/892M [00:02<00:18, 44MB/s]\rmodel.safetensors:  50%|█████ | 446M/892M [00:10<00:10, 44.6MB/s]\u{1B}[0m"
        let s = try #require(LogProgress.parse(line: redraws))
        #expect(s.bytesDone == 446e6 && s.rateBytesPerSecond == 44.6e6 && s.fraction == 0.5)
        #expect(LogProgress.analyze([redraws]).bytesDone == 446e6)
    }

    @Test func binaryAndDecimalUnits() {
        #expect(ProgressUnits.byteFactor("GiB") == 1_073_741_824)
        #expect(ProgressUnits.byteFactor("KiB") == 1024)
        #expect(ProgressUnits.byteFactor("kB") == 1000)
        #expect(ProgressUnits.byteFactor("KB") == 1000)
        #expect(ProgressUnits.byteFactor("kb") == 1000)
        #expect(ProgressUnits.byteFactor("MB") == 1e6)
        #expect(ProgressUnits.byteFactor("G") == 1e9)
        #expect(ProgressUnits.byteFactor("B") == 1)
        #expect(ProgressUnits.byteFactor("it") == nil)
        #expect(ProgressUnits.byteFactor("files") == nil)
        #expect(ProgressUnits.isByteUnit("MiB") && !ProgressUnits.isByteUnit("it") && !ProgressUnits.isByteUnit("s"))
        #expect(ProgressUnits.clock("1:02:03") == 3723)
        #expect(ProgressUnits.clock("?") == nil)
        #expect(ProgressUnits.goDuration("8m17s") == 497)
        #expect(ProgressUnits.goDuration("1h2m3.5s") == 3723.5)
        #expect(ProgressUnits.goDuration("250ms") == 0.25)
        #expect(ProgressUnits.goDuration("soon") == nil)
    }

    @Test(arguments: [
        "Downloading numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.whl (18.2 MB)",
        "  Downloading torch-2.3.0.tar.gz (1.2 MB)",
        "Collecting huggingface_hub (from vllm) Downloading huggingface_hub-0.24.0-py3-none-any.whl",
        "[2024-01-01 10:00:00 +0000] [1] [INFO] Listening at: http://0.0.0.0:3003 (1)",
        "INFO:     Started server process [1]",
        "INFO 10-24 18:12:26 gpu_executor.py:122] Memory usage 12.3 GB of 80 GB",
        "GET https://huggingface.co/api/models/x/revision/main 403",
        "INFO 05-01 10:00:00 config.py:1000] Connected to Redis",
        "100%|██████████| 30/30 [00:01<00:00, 29.1it/s]",
        "Error: digest mismatch, file must be downloaded again: want sha256:aa, got sha256:bb",
        "",
    ])
    func notProgress(line: String) {
        #expect(LogProgress.parse(line: line) == nil, "\(line)")
    }
}
