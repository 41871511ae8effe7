import Testing
@testable import Diagnosis

/// The phase a log ends in is what the server was doing when it was killed.
@Suite struct SignalsOrderingTests {
    @Test func vllmAnnouncesLoadingBeforeItDownloads() {
        // vLLM (model_runner.py) logs "Starting to load model" and then downloads the weights.
        let log = [
            "INFO 11-29 10:48:48 model_runner.py:1110] Starting to load model deepseek-ai/DeepSeek-R1-Distill-Llama-8B...",
            "INFO 11-29 10:48:49 weight_utils.py:252] Using model weights format ['*.safetensors']",
            "model-00001-of-000002.safetensors:  20% 1.73G/8.67G [01:09<04:37, 25.0MB/s]",
            "model-00002-of-000002.safetensors:  41% 3.00G/7.39G [02:00<02:55, 25.0MB/s]",
        ]
        let r = LogProgress.analyze(log)
        #expect(r.phase == .download)
        #expect(r.downloadSeen)
        #expect(!r.downloadCompleted)
    }

    @Test func loadAfterTheLastDownloadLineCompletesIt() {
        let log = [
            "model-00001-of-000001.safetensors: 100% 4.98G/4.98G [01:39<00:00, 50.0MB/s]",
            "Loading safetensors checkpoint shards:  50% Completed | 1/2 [00:05<00:05,  5.00s/it]",
        ]
        let r = LogProgress.analyze(log)
        #expect(r.phase == .load)
        #expect(r.downloadCompleted)
    }
}

@Suite struct SignalsRateTests {
    @Test func smallFilesWithoutTotalsDoNotInflateTheRate() {
        let log = [
            "config.json: 1.81kB [00:00, 5.73MB/s]",
            "tokenizer.json: 9.09MB [00:00, 67.3MB/s]",
            "model-00001-of-000002.safetensors:  20% 1.73G/8.67G [01:09<04:37, 25.0MB/s]",
            "model-00002-of-000002.safetensors:  41% 3.00G/7.39G [02:00<02:55, 25.0MB/s]",
        ]
        let r = LogProgress.analyze(log)
        #expect(r.rateBytesPerSecond == 50e6)
    }
}
