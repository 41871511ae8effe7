import Foundation
import Testing
@testable import Diagnosis

/// Every line of ../shared/corpus/download-log-lines.json, with the family and phase it must parse to.
@Suite struct SignalsProgressCorpusTests {
    /// nil = deliberately not a progress line.
    static let expected: [Int: (String, ModelPhase)?] = [
        // vLLM / SGLang / transformers checkpoint-shard loaders: load phase, counted in shards.
        0: ("checkpoint-loader", .load), 1: ("checkpoint-loader", .load), 2: ("checkpoint-loader", .load),
        3: ("checkpoint-loader", .load), 4: ("checkpoint-loader", .load), 7: ("checkpoint-loader", .load),
        8: ("checkpoint-loader", .load), 15: ("checkpoint-loader", .load), 57: ("checkpoint-loader", .load),
        // vLLM prefetch reads local files into the page cache: a load step, not a download.
        5: ("vllm", .load), 6: ("vllm", .load), 54: ("vllm", .load),
        // torch.compile: warm-up.
        9: ("vllm", .warmup), 56: ("vllm", .warmup),
        // vLLM announces the weight format right before snapshot_download.
        10: ("vllm", .download),
        // huggingface_hub bars (TTY, truncated names, old "Downloading (…)" form, non-TTY, small files).
        11: ("hf-hub", .download), 12: ("hf-hub", .download), 13: ("hf-hub", .download), 14: ("hf-hub", .download),
        16: ("hf-hub", .download), 17: ("hf-hub", .download), 18: ("hf-hub", .download), 19: ("hf-hub", .download),
        21: ("hf-hub", .download), 22: ("hf-hub", .download), 55: ("hf-hub", .download),
        // Plain announcements (immich, cog-vllm).
        20: ("generic", .download), 23: ("generic", .download),
        // TGI launcher.
        24: ("tgi", .download), 25: ("tgi", .download), 26: ("tgi", .download), 27: ("tgi", .download),
        28: ("tgi", .download), 29: ("tgi", .download), 30: ("tgi", .download),
        // Ollama CLI and server; a failed part is still the download phase.
        31: ("ollama", .download), 32: ("ollama", .download), 33: ("ollama", .download), 34: ("ollama", .download),
        36: ("ollama", .download), 37: ("ollama", .download), 38: ("ollama", .download),
        // "Error: digest mismatch" ends a pull: a failure, not progress (LogSignatures' business).
        35: nil,
        39: ("ramalama", .download),
        // ModelScope and gpustack's ModelScope downloader; the revision warning comes from snapshot_download.
        40: ("modelscope", .download), 41: ("modelscope", .download), 42: ("modelscope", .download),
        43: ("modelscope", .download), 45: ("modelscope", .download),
        // gpustack's "Retriving file lock" is lock bookkeeping, not transfer progress.
        44: nil,
        // AIBrix downloader: a bare byte bar; its "high latency request" warning is not progress.
        46: ("tqdm", .download), 47: nil,
        48: ("kserve", .download), 49: ("kserve", .download), 50: ("kserve", .download),
        51: ("aws-s3", .download), 52: ("aws-s3", .download), 53: ("aws-s3", .download),
        58: ("sglang", .load), 59: ("sglang", .warmup),
        // immich's bare KB bar, with gunicorn's WORKER TIMEOUT glued after it.
        60: ("tqdm", .download),
    ]

    @Test func everyCorpusLineHasItsFamilyAndPhase() throws {
        let lines = try SignalsCorpus.downloadLines()
        #expect(lines.count == 61)
        #expect(Set(Self.expected.keys) == Set(0..<lines.count), "the table must cover every corpus line")
        for (i, entry) in lines.enumerated() {
            let got = LogProgress.parse(line: entry.line)
            guard let want = Self.expected[i] else { continue }
            if let (family, phase) = want {
                #expect(got?.family == family, "line \(i) [\(entry.tool)]: \(entry.line)")
                #expect(got?.phase == phase, "line \(i) [\(entry.tool)]: \(entry.line)")
            } else {
                #expect(got == nil, "line \(i) [\(entry.tool)] must not parse: \(entry.line)")
            }
        }
    }

    private func sample(_ i: Int) throws -> ProgressSample {
        try #require(LogProgress.parse(line: try SignalsCorpus.downloadLines()[i].line))
    }

    @Test func byteBarsGiveBytesRateAndTimes() throws {
        let s11 = try sample(11)
        #expect(s11.bytesDone == 1.75e9 && s11.bytesTotal == 1.75e9)
        #expect(s11.rateBytesPerSecond == 30.8e6)
        #expect(s11.elapsedSeconds == 56)
        #expect(s11.item == "model-00002-of-00002.safetensors")
        let s13 = try sample(13)
        #expect(s13.bytesTotal == 1.69e9 && s13.rateBytesPerSecond == 61.1e6)
        #expect(s13.item == "model.safetensors-00008-of-00039.safeten(…)")
        let s17 = try sample(17)
        #expect(s17.bytesDone == 147e6 && s17.bytesTotal == 1.72e9 && s17.etaSeconds == 22 && s17.fraction == 0.09)
        #expect(s17.elapsedSeconds == nil, "a running bar has not finished a step")
        let s22 = try sample(22)   // JSON-wrapped, ANSI, \r, \u003c
        #expect(s22.bytesDone == 500e6 && s22.bytesTotal == 2.13e9 && s22.rateBytesPerSecond == 124e6 && s22.etaSeconds == 13)
        let s46 = try sample(46)   // tqdm unit="b": 795 bytes at 5.17 kb/s
        #expect(s46.bytesDone == 795 && s46.rateBytesPerSecond == 5170)
        let s55 = try sample(55)   // unknown total
        #expect(s55.bytesDone == 1810 && s55.bytesTotal == nil && s55.rateBytesPerSecond == 5.73e6)
        let s60 = try sample(60)   // unscaled counts are in the rate's unit (KB)
        #expect(s60.bytesDone == 259_560_000 && s60.bytesTotal == 281_857_000 && s60.rateBytesPerSecond == 8_630_170)
        #expect(s60.etaSeconds == 2)
    }

    @Test func otherPullersGiveBytes() throws {
        let s32 = try sample(32)
        #expect(s32.bytesTotal == 19e9 && s32.bytesDone == 19e9 && s32.item == "6150cb382311")
        #expect(try sample(34).bytesTotal == 8.5e9)
        #expect(try sample(36).bytesTotal == 94 * 256e6)
        let s39 = try sample(39)
        #expect(s39.bytesDone == 118e6 && s39.bytesTotal == 608e6 && s39.rateBytesPerSecond == 3.85e6 && s39.etaSeconds == 133)
        let s51 = try sample(51)
        #expect(s51.bytesDone == 11.1 * 1_048_576 && s51.bytesTotal == 662.3 * 1_048_576 && s51.rateBytesPerSecond == 2 * 1_048_576)
        let s53 = try sample(53)   // "#015"-separated redraws: the latest wins
        #expect(s53.bytesDone == 512 * 1024 && s53.rateBytesPerSecond == 869.8 * 1024)
    }

    @Test func countsTimesAndCompletion() throws {
        let s0 = try sample(0)
        #expect(s0.itemsDone == 29 && s0.itemsTotal == 191 && s0.etaSeconds == 593 && s0.rateBytesPerSecond == nil)
        #expect(try sample(2).etaSeconds == nil)
        let s5 = try sample(5)
        #expect(s5.itemsDone == 5 && s5.itemsTotal == 6)
        #expect(try sample(6).elapsedSeconds == 223.06)
        #expect(try sample(9).elapsedSeconds == 12.01)
        #expect(try sample(54).elapsedSeconds == nil, "19.8557 GB is memory, not time")
        let s21 = try sample(21)
        #expect(s21.itemsTotal == 11 && s21.completesDownload && s21.elapsedSeconds == 377)
        #expect(try sample(23).itemsTotal == 17)
        #expect(try sample(26).elapsedSeconds == 7)
        #expect(try sample(28).elapsedSeconds == 82)
        let s27 = try sample(27)
        #expect(s27.itemsDone == 1 && s27.itemsTotal == 4 && s27.etaSeconds == 21)
        #expect(try sample(29).completesDownload)
        #expect(try sample(38).elapsedSeconds == 497)
        #expect(try sample(41).itemsTotal == 10)
        #expect(try sample(58).elapsedSeconds == 112.68)
        #expect(try sample(59).elapsedSeconds == 11.35)
    }
}
