import Foundation
import Testing

/// A CI-sized run of `restartwatch bench`: it completes and its numbers are sane. Performance itself is
/// judged from the full benchmark, never by timing assertions here.
@Suite struct BenchSmokeTests {
    @Test func quickBenchCompletesWithSaneNumbers() async throws {
        let result = try await BinaryRunner.run(["bench", "--quick", "--no-peers", "-o", "json"], timeout: 180)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let sizes = try #require(json["sizes"] as? [String: Any])
        let sent = try #require(sizes["events"] as? Int)
        #expect((json["streamBytes"] as? Int ?? 0) > sent * 5000, "events are ~10 KB pods")

        let ingestion = try #require(json["ingestion"] as? [[String: Any]])
        #expect(Set(ingestion.compactMap { $0["mode"] as? String }) == ["replay", "decode only", "live"])
        for run in ingestion {
            #expect(run["events"] as? Int == sent)
            #expect(run["restartsDetected"] as? Int == sent, "every event is a new restart")
            for key in ["seconds", "mbPerSecond", "eventsPerSecond"] {
                let v = try #require(run[key] as? Double)
                #expect(v > 0 && v.isFinite, "\(key) = \(v)")
            }
        }
        #expect((json["peers"] as? [Any])?.isEmpty == true, "--no-peers runs no peer")

        let memory = try #require(json["memory"] as? [[String: Any]])
        #expect(memory.count == 2)
        for m in memory { #expect((m["rssBytes"] as? Int ?? 0) > 1_000_000) }
        let perPod = try #require(memory.last?["bytesPerPod"] as? Double)
        #expect(perPod > 0 && perPod.isFinite)

        let advice = try #require(json["advice"] as? [[String: Any]])
        #expect(advice.compactMap { $0["logFetch"] as? Bool }.sorted { !$0 && $1 } == [false, true], "one run without and one with the log fetch")
        for a in advice {
            #expect((a["findings"] as? Int ?? 0) >= 1, "at least one probe-kill finding reached the webhook")
            let p50 = try #require(a["p50ms"] as? Double), p99 = try #require(a["p99ms"] as? Double)
            #expect(p50 > 0 && p50 <= p99 && p99.isFinite)
        }
        #expect(advice.first { $0["logFetch"] as? Bool == false }?["logRequests"] as? Int == 0, "logs.enabled false fetches no log")

        let load = try #require((json["apiLoad"] as? [[String: Any]])?.first)
        #expect((load["restarts"] as? Int ?? 0) >= 1)
        #expect((load["requestsPerHour"] as? Double ?? -1) >= 0)

        let scan = try #require(json["scan"] as? [[String: Any]])
        #expect(scan.count == 1)
        #expect((scan.first?["requests"] as? Int ?? 0) >= 2, "at least a pods list and an events list")
        #expect((scan.first?["seconds"] as? Double ?? 0) > 0)
    }
}
