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
        #expect(r.phaseSeconds[.warmup] == 13 + 24.31)
        #expect(r.etaSeconds == nil)
        #expect(r.evidenceLines.count == 5)
        #expect(r.evidenceLines.last == "INFO:     Application startup complete.")
    }

    @Test func loadEtaComesFromTheShardBar() {
        let r = LogProgress.analyze([
            "Loading safetensors checkpoint shards:  15% Completed | 29/191 [03:23<09:53,  3.66s/it]",
        ])
        #expect(r.phase == .load && !r.downloadSeen && !r.downloadCompleted)
        #expect(r.etaSeconds == 593)
        #expect(r.itemsDone == 29 && r.itemsTotal == 191)
    }

    @Test func emptyAndUnrelatedLogsReportNothing() {
        let r = LogProgress.analyze(["", "hello", "Traceback (most recent call last):", "[GIN-debug] Listening and serving HTTP on :8080"])
        #expect(r == ProgressReport())
    }
}
