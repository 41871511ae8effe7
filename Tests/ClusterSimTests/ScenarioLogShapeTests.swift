import Foundation
import Testing
@testable import ClusterSim

/// The simulated log lines have the same shapes as real ones (corpus/download-log-lines.json).
@Suite struct ScenarioLogShapeTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/download-log-lines.json")

    /// huggingface_hub non-TTY bar: `NAME:  13% 650M/4.98G [00:13<01:26, 50.0MB/s]`.
    static let hfBar = (#"^[^:]+: +\d{1,3}% [\d.]+[kMG]?/[\d.]+[kMG]? \[\d\d:\d\d<(\d\d:\d\d|\?), ([\d.]+[kMG]?|\?)B/s\]$"#)
    /// vLLM shard loader: `Loading safetensors checkpoint shards:  50% Completed | 1/2 [00:05<00:05,  5.00s/it]`.
    static let shardBar = (#"^Loading safetensors checkpoint shards: +\d{1,3}% Completed \| \d+/\d+ \[\d\d:\d\d<(\d\d:\d\d|\?), +([\d.]+(s/it|it/s)|\?it/s)\]$"#)

    func corpusLines(tool: (String) -> Bool) throws -> [String] {
        let data = try Data(contentsOf: Self.corpus)
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return entries.filter { tool($0["tool"] as? String ?? "") }.compactMap { $0["line"] as? String }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path)))
    func barsMatchTheRealFamilies() throws {
        let hfBar = try Regex(Self.hfBar)
        let shardBar = try Regex(Self.shardBar)
        let realHF = try corpusLines { $0.contains("non-TTY") }
        let realShards = try corpusLines { $0 == "vllm-safetensors-loader" }
        #expect(realHF.count >= 2 && realShards.count >= 4)
        for line in realHF { #expect(line.wholeMatch(of: hfBar) != nil, "real: \(line)") }
        for line in realShards { #expect(line.wholeMatch(of: shardBar) != nil, "real: \(line)") }

        let p = PlayedScenario(.fixedWithStartupProbe(), seconds: 700)
        let log = p.logsByInstance[0]
        let ours = log.filter { $0.contains(".safetensors:") }
        let shards = log.filter { $0.hasPrefix("Loading safetensors checkpoint shards:") }
        #expect(ours.count > 20 && shards.count == 3)
        for line in ours { #expect(line.wholeMatch(of: hfBar) != nil, "ours: \(line)") }
        for line in shards { #expect(line.wholeMatch(of: shardBar) != nil, "ours: \(line)") }
        #expect(log.contains("model-00002-of-000002.safetensors: 100% 7.39G/7.39G [04:55<00:00, 25.0MB/s]"))
    }

    @Test func vllmLinesCarryTheSimulatedClock() throws {
        let p = PlayedScenario(.cudaOOMCrashWithStartupProbeRefused(), seconds: 30)
        let logs = p.actions.compactMap { a -> (Date, String)? in
            if case .appendLog(_, _, _, let line) = a.action { return (a.time, line) } else { return nil }
        }
        let info = try #require(logs.first { $0.1.hasPrefix("INFO ") && $0.1.contains("Loading model weights took") })
        #expect(info.1.hasPrefix("INFO \(SimFormat.vllmTime(info.0)) model_runner.py:1115] Loading model weights took 14.9888 GB"))
        let error = try #require(logs.first { $0.1.hasPrefix("ERROR ") })
        #expect(error.1.hasPrefix("ERROR \(SimFormat.vllmTime(error.0)) engine.py:389] CUDA out of memory."))
    }

    @Test(arguments: [("0.7.1", "INFO 01-01 00:00:01 __init__.py:190] Automatically detected platform cuda."),
                      ("0.8.5", "INFO 01-01 00:00:01 [__init__.py:190] Automatically detected platform cuda."),
                      ("0.11.0", "(APIServer pid=1) INFO 01-01 00:00:01 [__init__.py:190] Automatically detected platform cuda.")])
    func loggerPrefixFollowsTheServerVersion(_ version: String, _ firstLine: String) throws {
        var scenario = Scenario.cudaOOMCrashWithStartupProbeRefused()
        scenario.behaviour.serverVersion = version
        let log = PlayedScenario(scenario, seconds: 30).logsByInstance[0]
        #expect(log.first == firstLine)
        let loaded = try #require(log.first { $0.contains("took 14.9888 G") })
        let oom = try #require(log.first { $0.contains("CUDA out of memory. Tried to allocate 448.00 MiB") })
        if version == "0.11.0" {
            #expect(loaded.hasPrefix("(EngineCore_DP0 pid=263) INFO 01-01 00:00:19 [gpu_model_runner.py:1892] "
                                     + "Model loading took 14.9888 GiB and 10.000000 seconds"))
            #expect(oom.hasPrefix("(EngineCore_DP0 pid=263) ERROR 01-01 00:00:22 [core.py:700] CUDA out of memory."))
        } else if version == "0.7.1" {
            #expect(loaded == "INFO 01-01 00:00:19 model_runner.py:1115] Loading model weights took 14.9888 GB")
            #expect(oom.hasPrefix("ERROR 01-01 00:00:22 engine.py:389] CUDA out of memory."))
        }
    }
}
