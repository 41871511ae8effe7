import Testing
@testable import Diagnosis

@Suite struct RemediationEstimatorTests {
    let settings = DiagnosisSettings()
    /// deepseek-ai/DeepSeek-R1-Distill-Llama-8B as the signals parser reports it.
    let deepseek = ModelEstimate(modelID: "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", parametersBillion: 8,
                                 bytes: 16e9, foundIn: "args --model")

    @Test func loadAllowanceIsBasePlusBytesOverLoadRate() {
        #expect(NeedEstimator.loadAllowance(bytes: nil) == 60)
        #expect(NeedEstimator.loadAllowance(bytes: 16e9) == 92)
        // Calibration: 16 GB at 1 Gbit/s (128 s) + load must fit the 255 s the AIBrix reporter judged enough.
        #expect(16e9 / 125e6 + NeedEstimator.loadAllowance(bytes: 16e9) < 255)
    }

    @Test func modelSizeOverAssumedBandwidth() throws {
        let e = try #require(NeedEstimator.estimate(progress: nil, model: deepseek, killedAfterSeconds: [], settings: settings))
        // 16 GB / 50 MB/s = 320 s download + 60 s + 16 GB / 500 MB/s = 92 s load.
        #expect(e.seconds == 412)
        #expect(e.downloadSeconds == 320)
        #expect(e.loadSeconds == 92)
        #expect(e.basis == "16.0 GB model (8B params × 2 bytes) at an assumed 50 MB/s + 92 s load")
    }

    @Test func parameterCountAloneUsesBytesPerParameterSetting() throws {
        let m = ModelEstimate(modelID: "Qwen/Qwen3-32B", parametersBillion: 32, bytes: nil, foundIn: "args")
        var s = settings
        s.bytesPerParameter = 1 // fp8
        s.assumedBandwidthBytesPerSecond = 100e6
        let e = try #require(NeedEstimator.estimate(progress: nil, model: m, killedAfterSeconds: [], settings: s))
        #expect(e.seconds == 320 + 60 + 64)
        #expect(e.basis.contains("32.0 GB model (32B params × 1 bytes) at an assumed 100 MB/s"))
    }

    /// Table: each basis, best first.
    @Test(arguments: [
        // (a) measured rate, the log's total larger than the estimate: 20 GB at 30.8 MB/s = 649.4 s + 60 + 40 s load.
        (ProgressReport(phase: .download, downloadSeen: true, bytesDone: 1e9, bytesTotal: 20e9, rateBytesPerSecond: 30.8e6),
         [Double](), 749.35, "20.0 GB total (log) at a measured 31 MB/s"),
        // (a) the log has only listed 6.75 GB of files so far: the 16 GB estimate wins (519.5 s + 92 s).
        (ProgressReport(phase: .download, downloadSeen: true, bytesDone: 1e9, bytesTotal: 6.75e9, rateBytesPerSecond: 30.8e6),
         [Double](), 611.48, "(the log has listed 6.8 GB so far)"),
        // (a') measured rate, total from the model estimate: 16 GB / 80 MB/s = 200 s + 92 s.
        (ProgressReport(phase: .download, downloadSeen: true, rateBytesPerSecond: 80e6), [135.0], 292, "16.0 GB model"),
        // (b) ETA at the kill: 135 s + 500 s left + 92 s load (size from the model estimate).
        (ProgressReport(phase: .download, downloadSeen: true, etaSeconds: 500), [120.0, 135.0], 727, "log ETA"),
        // (b) fraction at the kill: 25% after 150 s → 600 s download + 60 + 32 s load.
        (ProgressReport(phase: .download, downloadSeen: true, bytesDone: 4e9, bytesTotal: 16e9), [150.0], 692, "at 25%"),
        // (b) killed while loading, shard ETA: 200 s + 120 s, no load added on top.
        (ProgressReport(phase: .load, downloadSeen: true, downloadCompleted: true, etaSeconds: 120), [200.0], 320, "of load left"),
    ] as [(ProgressReport, [Double], Double, String)])
    func basesBestFirst(progress: ProgressReport, killed: [Double], expected: Double, basisPart: String) throws {
        let e = try #require(NeedEstimator.estimate(progress: progress, model: deepseek, killedAfterSeconds: killed,
                                                    settings: settings))
        #expect(abs(e.seconds - expected) < 0.01, "\(e.seconds) vs \(expected): \(e.basis)")
        #expect(e.basis.contains(basisPart), "\(e.basis)")
    }

    /// Corpus case 017 (bluefin-lab #603): one ~25 GB GGUF at a measured ~0.5 GB/min needs ~50 min on first
    /// start; the 30 min startupProbe killed it mid-transfer.
    @Test func measuredSlowLinkGivesABudgetThatCoversTheFirstDownload() throws {
        let p = ProgressReport(phase: .download, downloadSeen: true, bytesDone: 5e9, bytesTotal: 25e9,
                               rateBytesPerSecond: 0.5e9 / 60)
        let e = try #require(NeedEstimator.estimate(progress: p, model: nil, killedAfterSeconds: [1800], settings: settings))
        #expect(e.downloadSeconds == 3000)
        #expect(e.seconds == 3000 + 60 + 50)
        let advice = try #require(RemediationPlanner.startupProbe(
            for: Container(name: "llama", livenessProbe: Probe(httpGet: HTTPGetAction(path: "/health", port: .int(8080)))),
            needSeconds: e.seconds, settings: settings))
        #expect(advice.budgetSeconds >= 3000 + 60 + 50 && advice.budgetSeconds <= 2 * 3000)
        #expect(advice.budgetSeconds > 1800)
    }

    /// Real lines (corpus download-log-lines.json, vllm#12917 and sglang#22537) through the signals parser.
    @Test func estimateFromParsedLogLines() throws {
        let lines = [
            "model-00002-of-00002.safetensors: 100%|██████████| 1.75G/1.75G [00:56<00:00, 30.8MB/s]",
            "model-00001-of-00002.safetensors:  40%|████      | 2.00G/5.00G [01:07<01:40, 29.8MB/s]",
        ]
        let report = LogProgress.analyze(lines)
        let rate = try #require(report.rateBytesPerSecond)
        let total = try #require(report.bytesTotal)
        let e = try #require(NeedEstimator.estimate(progress: report, model: nil, killedAfterSeconds: [135], settings: settings))
        #expect(abs(e.seconds - (total / rate + NeedEstimator.loadAllowance(bytes: total))) < 0.5)
        #expect(e.basis.contains("total (log) at a measured"))
        // A measured weight load longer than the allowance replaces it.
        var loaded = report
        loaded.phaseSeconds[.load] = 112.68
        let e2 = try #require(NeedEstimator.estimate(progress: loaded, model: nil, killedAfterSeconds: [], settings: settings))
        #expect(abs(e2.seconds - (total / rate + 60 + 112.68)) < 0.5)
    }

    @Test func needIsNeverBelowTheLongestKilledRun() throws {
        let small = ModelEstimate(modelID: "Qwen/Qwen2.5-1.5B", parametersBillion: 1.5, bytes: 3e9, foundIn: "args")
        // 3 GB / 50 MB/s = 60 s + 66 s load = 126 s, but a run was killed at 300 s while not ready.
        let e = try #require(NeedEstimator.estimate(progress: nil, model: small, killedAfterSeconds: [130, 300],
                                                    settings: settings))
        #expect(e.seconds == 300)
        #expect(e.basis.contains("raised to 300 s"))
        let unchanged = try #require(NeedEstimator.estimate(progress: nil, model: small, killedAfterSeconds: [100],
                                                            settings: settings))
        #expect(unchanged.seconds == 126)
    }

    @Test func withoutSizeOrProgressOnlyKillsBoundTheNeed() throws {
        #expect(NeedEstimator.estimate(progress: nil, model: nil, killedAfterSeconds: [], settings: settings) == nil)
        let unsized = ModelEstimate(modelID: "/mnt/models", parametersBillion: nil, bytes: nil, foundIn: "args")
        #expect(NeedEstimator.estimate(progress: ProgressReport(), model: unsized, killedAfterSeconds: [],
                                       settings: settings) == nil)
        let e = try #require(NeedEstimator.estimate(progress: nil, model: unsized, killedAfterSeconds: [135],
                                                    settings: settings))
        #expect(e.seconds == 270)
        #expect(e.basis.contains("still not ready after 135 s"))
    }

    @Test func loadOnlyWhenAnInitContainerDownloads() {
        let e = NeedEstimator.loadOnly(model: deepseek, settings: settings)
        #expect(e.seconds == 92)
        #expect(e.downloadSeconds == 0)
        #expect(NeedEstimator.loadOnly(model: nil, settings: settings).seconds == 60)
    }
}
