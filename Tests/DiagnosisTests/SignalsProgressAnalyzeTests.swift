import Foundation
import Testing
@testable import Diagnosis

/// `LogProgress.analyze` over synthetic multi-line logs built from the real line shapes.
@Suite struct SignalsProgressAnalyzeTests {
    @Test func parallelHuggingFaceBarsAreSummedPerFile() throws {
        let log = [
            "INFO 02-07 19:23:57 weight_utils.py:252] Using model weights format ['*.safetensors']",
            "Fetching 4 files:   0%|          | 0/4 [00:00<?, ?it/s]",
            "model-00001-of-00002.safetensors:   5%|▌         | 250M/5.00G [00:05<01:35, 50.0MB/s]",
            "model-00002-of-00002.safetensors:  10%|█         | 175M/1.75G [00:05<00:31, 50.0MB/s]",
            "model-00001-of-00002.safetensors:  20%|██        | 1.00G/5.00G [00:20<01:20, 50.0MB/s]",
            "model-00002-of-00002.safetensors: 100%|██████████| 1.75G/1.75G [00:35<00:00, 50.0MB/s]",
            "Fetching 4 files:  25%|██▌       | 1/4 [00:35<01:45, 35.3s/it]",
        ]
        let r = LogProgress.analyze(log)
        #expect(r.phase == .download)
        #expect(r.downloadSeen && !r.downloadCompleted)
        #expect(r.bytesDone == 2.75e9)
        #expect(r.bytesTotal == 6.75e9)
        // Only the unfinished file is still pulling: 50 MB/s, 4 GB left → 80 s.
        #expect(r.rateBytesPerSecond == 50e6)
        #expect(r.etaSeconds == 80)
        #expect(r.itemsDone == 1 && r.itemsTotal == 4)
        #expect(r.families == ["vllm", "hf-hub"])
        #expect(r.evidenceLines.first?.hasPrefix("INFO 02-07 19:23:57") == true)
        #expect(r.evidenceLines.contains("model-00002-of-00002.safetensors: 100%|██████████| 1.75G/1.75G [00:35<00:00, 50.0MB/s]"))
    }

    @Test func tgiSequenceCompletesAndLoads() {
        let log = [
            "2024-09-03T04:36:57.507198Z  INFO download: text_generation_launcher: Starting check and download process for meta-llama/Meta-Llama-3.1-8B-Instruct",
            "2024-09-03T04:37:01.632012Z  INFO text_generation_launcher: Download file: model-00001-of-00004.safetensors",
            "2024-09-03T04:37:08.927851Z  INFO text_generation_launcher: Downloaded /data/models--m/snapshots/5/model-00001-of-00004.safetensors in 0:00:07.",
            "2024-09-03T04:37:08.927963Z  INFO text_generation_launcher: Download: [1/4] -- ETA: 0:00:21",
        ]
        let running = LogProgress.analyze(log)
        #expect(running.phase == .download && running.downloadSeen && !running.downloadCompleted)
        #expect(running.etaSeconds == 21)
        #expect(running.itemsDone == 1 && running.itemsTotal == 4)
        #expect(running.phaseSeconds[.download] == 7)
        #expect(running.bytesDone == nil && running.bytesTotal == nil)

        let done = LogProgress.analyze(log + [
            "2024-09-03T04:39:23.170638Z  INFO download: text_generation_launcher: Successfully downloaded weights for meta-llama/Meta-Llama-3.1-8B-Instruct",
            "2024-09-03T04:39:24.000000Z  INFO shard-manager: text_generation_launcher: Starting shard rank=0",
            "2024-09-03T04:39:34.000000Z  INFO shard-manager: text_generation_launcher: Waiting for shard to be ready... rank=0",
        ])
        #expect(done.phase == .load && done.downloadCompleted)
        #expect(done.etaSeconds == nil)

        let serving = LogProgress.analyze(log + [
            "2024-09-03T04:40:01.000000Z  INFO text_generation_launcher: Shard ready in 35.2s rank=0",
            "2024-09-03T04:40:02.000000Z  INFO text_generation_router::server: router/src/server.rs:2099: Warming up model",
            "2024-09-03T04:40:09.000000Z  INFO text_generation_router::server: router/src/server.rs:2420: Connected",
        ])
        #expect(serving.phase == .serving && serving.downloadCompleted)
        #expect(serving.phaseSeconds[.load] == 35.2)
        #expect(serving.evidenceLines.last?.hasSuffix("Connected") == true)
    }

    @Test func vllmDownloadLoadWarmupServing() {
        let log = [
            "INFO 02-07 19:23:57 weight_utils.py:252] Using model weights format ['*.safetensors']",
            "model-00001-of-00002.safetensors: 100%|██████████| 5.00G/5.00G [02:47<00:00, 29.8MB/s]",
            "model-00002-of-00002.safetensors: 100%|██████████| 1.75G/1.75G [00:56<00:00, 30.8MB/s]",
            "Loading safetensors checkpoint shards:   0% Completed | 0/2 [00:00<?, ?it/s]",
            "Loading safetensors checkpoint shards: 100% Completed | 2/2 [00:04<00:00,  2.01s/it]",
            "INFO 02-07 19:27:40 model_runner.py:1115] Loading model weights took 14.9888 GB",
            "INFO 02-07 19:27:52 model_runner.py:1443] Capturing cudagraphs for decoding. This may lead to unexpected consequences",
            "INFO 02-07 19:28:05 model_runner.py:1571] Graph capturing finished in 13 secs, took 0.31 GiB",
            "INFO 02-07 19:28:05 llm_engine.py:431] init engine (profile, create kv cache, warmup model) took 24.31 seconds",
            "INFO:     Application startup complete.",
        ]
        for n in 1...log.count {
            let r = LogProgress.analyze(Array(log.prefix(n)))
            let want: ModelPhase = n <= 3 ? .download : n <= 6 ? .load : n <= 9 ? .warmup : .serving
            #expect(r.phase == want, "after \(n) lines")
            #expect(r.downloadCompleted == (n >= 4), "after \(n) lines")
        }
        let r = LogProgress.analyze(log)
        #expect(r.bytesDone == 6.75e9 && r.bytesTotal == 6.75e9)
        #expect(r.rateBytesPerSecond == 30.8e6, "nothing in flight: the latest rate")
        #expect(r.phaseSeconds[.warmup] == 24.31, "the longest warm-up step; init engine includes graph capture")
        #expect(r.phaseSeconds[.load] == 4)
        #expect(r.phaseSeconds[.download] == 167)
        #expect(r.etaSeconds == nil)
        #expect(r.evidenceLines.count == 5)
        #expect(r.evidenceLines.last == "INFO:     Application startup complete.")
    }

    @Test func sglangSequence() {
        let log = [
            "[2025-11-10 19:57:00 TP0] Load weight begin. avail mem=78.50 GB",
            "Loading safetensors checkpoint shards:  14% Completed | 1/7 [00:01<00:07,  1.27s/it]",
            "[2025-11-10 19:58:52 TP0] Load weight end. elapsed=112.68 s, type=Qwen3ForCausalLM, avail mem=60.78 GB, mem usage=15.50 GB.",
            "[2025-11-10 19:58:58 TP0] Capture cuda graph begin. This can take up to several minutes. avail mem=12.26 GB",
            "Capturing batches (bs=1 avail_mem=11.2 GB):  50%|█████     | 12/23 [00:05<00:04,  2.3it/s]",
        ]
        let r = LogProgress.analyze(log)
        #expect(r.phase == .warmup && !r.downloadSeen && !r.downloadCompleted)
        #expect(r.etaSeconds == 4 && r.itemsDone == 12 && r.itemsTotal == 23)
        #expect(r.phaseSeconds[.load] == 112.68)
        let serving = LogProgress.analyze(log + ["[2025-11-10 19:59:20] The server is fired up and ready to roll!"])
        #expect(serving.phase == .serving && serving.etaSeconds == nil)
    }

    @Test func ollamaServerPullAndModelScopeBars() {
        let ollama = LogProgress.analyze([
            "time=2024-08-29T20:39:11.000Z level=INFO source=routes.go:1205 msg=\"Listening on [::]:11434 (version 0.3.6)\"",
            "Nov 20 15:01:57 escapepod ollama[704571]: 2023/11/20 15:01:57 download.go:122: downloading 5b2b5f73b685 in 94 256.0 MB part(s)",
        ])
        // Ollama listens before it pulls: the server is up while the model downloads.
        #expect(ollama.phase == .serving && ollama.downloadSeen && ollama.bytesTotal == 94 * 256e6 && ollama.bytesDone == nil)
        let modelscope = LogProgress.analyze([
            "2026-06-28 10:15:56,301 - modelscope - INFO - Got 2 files, start to download ...",
            "Downloading [model-00001-of-00002.safetensors]:  45%|████▌     | 1.80G/3.95G [00:30<00:35, 61.2MB/s]",
            "Downloading [model-00002-of-00002.safetensors]: 100%|██████████| 1.20G/1.20G [00:20<00:00, 60.0MB/s]",
        ])
        #expect(modelscope.families == ["modelscope"])
        #expect(modelscope.bytesDone == 3.0e9 && modelscope.bytesTotal == 5.15e9 && modelscope.rateBytesPerSecond == 61.2e6)
        #expect(modelscope.itemsTotal == 2)
    }

    @Test func loadEtaComesFromTheShardBar() {
        let r = LogProgress.analyze([
            "Loading safetensors checkpoint shards:  15% Completed | 29/191 [03:23<09:53,  3.66s/it]",
        ])
        #expect(r.phase == .load && !r.downloadSeen && !r.downloadCompleted)
        #expect(r.etaSeconds == 593)
        #expect(r.itemsDone == 29 && r.itemsTotal == 191)
    }

    @Test func immichWorkerTimeoutLogShowsTheCutDownload() throws {
        let lines = try SignalsCorpus.logLines(
            "049-immich-4002-gunicorn-worker-timeout-during-model-download/default/immich-machine-learning-pod-placeholder/logs.txt")
        let r = LogProgress.analyze(lines)
        #expect(r.phase == .download && r.downloadSeen && !r.downloadCompleted)
        // The bar cut at 92% and the announcement of the next attempt; "Failed to load" is not progress.
        #expect(r.bytesDone == 259_560_000 && r.bytesTotal == 281_857_000)
        #expect(r.evidenceLines.count == 2)
        #expect(r.evidenceLines.last?.hasPrefix("09/08/23 15:15:21] INFO     Downloading facial-recognition model") == true)
    }

    @Test func corpusLogsWithoutProgress() throws {
        for path in [
            "029-vllm-23935-nvml-not-found-unspecified-platform-k8s-l4/default/vllm-l4-pod-placeholder/logs.txt",
            "004-kube-agents-712-hindsight-liveness-killed-mid-model-load/default/hindsight-api-pod-placeholder/previous-logs.txt",
            "023-kaito-931-wrong-model-id-crashloop/default/kaito-workspace-pod-placeholder/logs.txt",
            "025-data-on-eks-605-triton-vllm-gated-repo/default/nvidia-triton-server-triton-inference-server-54546fdb86-wh7tb/logs.txt",
        ] {
            #expect(LogProgress.analyze(try SignalsCorpus.logLines(path)).phase == nil, "\(path)")
        }
    }

    @Test func emptyAndUnrelatedLogsReportNothing() {
        let r = LogProgress.analyze(["", "hello", "Traceback (most recent call last):", "[GIN-debug] Listening and serving HTTP on :8080"])
        #expect(r == ProgressReport())
    }
}
