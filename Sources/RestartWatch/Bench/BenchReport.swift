import Foundation

/// Everything one `restartwatch bench` run measured, with the peers as ratios to restartwatch.
struct BenchReport: Codable, Sendable {
    var sizes: BenchSizes
    var notes: [String]
    var streamBytes = 0
    var ingestion: [IngestBench.Result] = []
    var peers: [PeerBench.Result] = []
    var memory: [FootprintBench.Memory] = []
    var scan: [FootprintBench.Run] = []
    /// RSS per decoded `Pod` held in memory (a fresh process holding the largest memory count).
    var decodedPodBytes: Double = 0
    var advice: [AdviceBench.Result] = []
    var apiLoad: [FootprintBench.APILoad] = []

    init(sizes: BenchSizes, notes: [String]) {
        self.sizes = sizes
        self.notes = notes
    }

    func restartwatch(_ mode: String) -> IngestBench.Result? { ingestion.first { $0.mode == mode } }

    func table() -> String {
        var out = ["## Watch ingestion (\(sizes.events) MODIFIED events over \(sizes.pods) pods, \(mb(streamBytes)) MB)", "",
                   "| client | mode | events | MB/s | events/s | peak RSS | restartwatch is |",
                   "|---|---|---|---|---|---|---|"]
        for r in ingestion {
            out.append("| restartwatch | \(r.mode) | \(r.events) | \(f1(r.mbPerSecond)) | \(f0(r.eventsPerSecond)) | (in-process) | — |")
        }
        for p in peers {
            if let why = p.skipped { out.append("| \(p.peer) | skipped: \(why) | | | | | |"); continue }
            let mine = restartwatch(p.mode)?.mbPerSecond ?? 0
            let ratio = p.mbPerSecond > 0 ? mine / p.mbPerSecond : 0
            out.append("| \(p.peer) | \(p.mode) | \(p.events) | \(f1(p.mbPerSecond)) | \(f0(Double(p.events) / max(p.seconds, 1e-9))) | \(mb(p.peakRSSBytes)) MB | \(f1(ratio))× faster |")
        }
        if !memory.isEmpty {
            out += ["", "## Memory of `restartwatch watch --all-namespaces` after sync", "", "| pods | RSS | peak RSS | bytes per pod |", "|---|---|---|---|"]
            for m in memory {
                out.append("| \(m.pods) | \(mb(m.rssBytes)) MB | \(mb(m.peakRSSBytes)) MB | \(m.pods == 0 ? "(baseline)" : f0(m.bytesPerPod)) |")
            }
            out += ["", "For comparison, holding one decoded `Pod` value (the minimal model) costs \(f0(decodedPodBytes)) bytes of RSS."]
        }
        if let first = advice.first {
            out += ["", "## Time to advice (\(first.stories) startup-probe-kill stories at \(f0(first.speed))× speed → webhook received)", "",
                    "| previous-log fetch | findings | Killing recorded → received p50 | p99 | max | trigger seen → received p50 | p99 | API requests | log fetches |",
                    "|---|---|---|---|---|---|---|---|---|"]
            for a in advice {
                out.append("| \(a.logFetch ? "included" : "excluded (`logs.enabled: false`)") | \(a.findings) | \(f1(a.p50ms)) ms | \(f1(a.p99ms)) ms | "
                           + "\(f1(a.maxms)) ms | \(f1(a.ownP50ms)) ms | \(f1(a.ownP99ms)) ms | \(a.requests) | \(a.logRequests) |")
            }
            out += ["", "\"Killing recorded\" includes the kubelet's grace period and the restart (played at \(f0(first.speed))×) and ClusterSim's "
                    + "own fan-out on the shared cores; \"trigger seen\" starts when restartwatch's watch delivered the kill or restart "
                    + "(the webhook payload's `triggeredAt`): restartwatch's own share."]
        }
        if !apiLoad.isEmpty {
            out += ["", "## Steady-state API load (a restart every 2 s)", "",
                    "| pods | seconds | restarts | requests | watch | log | requests per hour |", "|---|---|---|---|---|---|---|"]
            for l in apiLoad {
                out.append("| \(l.pods) | \(f0(l.seconds)) | \(l.restarts) | \(l.requests) | \(l.watchRequests) | \(l.logRequests) | \(f0(l.requestsPerHour)) |")
            }
        }
        if !scan.isEmpty {
            out += ["", "## Scan (\(sizes.scanPods) pods, \(sizes.scanEvents) events)", "",
                    "| tool | wall | peak RSS | API requests | restartwatch is |", "|---|---|---|---|---|"]
            let mine = scan.first
            for r in scan {
                if let why = r.skipped { out.append("| \(r.tool) | skipped: \(why) | | | |"); continue }
                let ratio = r.tool == mine?.tool ? "—" : "\(f1(r.seconds / max(mine?.seconds ?? 1, 1e-9)))× faster, \(f1(Double(r.peakRSSBytes) / Double(max(mine?.peakRSSBytes ?? 1, 1))))× less memory"
                out.append("| \(r.tool) | \(f2(r.seconds)) s | \(mb(r.peakRSSBytes)) MB | \(r.requests) | \(ratio) |")
            }
        }
        return (out + notes.map { "- " + $0 }).joined(separator: "\n")
    }

    private func mb(_ bytes: Int) -> String { f1(Double(bytes) / 1e6) }
    private func f0(_ v: Double) -> String { String(format: "%.0f", v) }
    private func f1(_ v: Double) -> String { String(format: "%.1f", v) }
    private func f2(_ v: Double) -> String { String(format: "%.2f", v) }
}
