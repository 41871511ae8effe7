import Diagnosis
import Foundation
import KubeClient

/// Attribution probes with no network: decoding speed of the stream's lines, and the memory that holding
/// decoded `Pod` values costs (what a store of whole objects keeps per pod).
enum DecodeProbe {
    /// Decodes `events` watch lines (built like the stream's) as the watch does and feeds a PodTracker.
    static func decode(pods: Int, events: Int) throws -> IngestBench.Result {
        let g = PodGenerator()
        let lines = (0..<events).map { e -> Data in
            var d = Data(#"{"type":"MODIFIED","object":"#.utf8)
            d.append(g.pod(e % pods, version: e / pods + 1))
            d.append(contentsOf: Array("}".utf8))
            return d
        }
        var tracker = PodTracker()
        var restarts = 0
        let start = ContinuousClock.now
        for line in lines {
            if case .modified(let o) = try WatchEvent<WatchedPod>.scan(line),
               tracker.update(o.object.pod, now: KubeTime(seconds: 0), notReadyAfterSeconds: 900).contains(.restarted) {
                restarts += 1
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        return IngestBench.Result(mode: "decode only", events: lines.count, bytes: lines.reduce(0) { $0 + $1.count + 1 },
                                  seconds: seconds, restartsDetected: restarts)
    }

    /// In a fresh process: RSS growth per pod while holding `n` decoded Pods (run as `bench --retain-probe N`).
    static func retainedBytesPerPod(_ n: Int) throws -> Double {
        let g = PodGenerator()
        let decoder = JSONDecoder()
        let before = ChildProcess.procStatus(getpid(), "VmRSS:") ?? 0
        var kept: [Pod] = []
        kept.reserveCapacity(n)
        for i in 0..<n { kept.append(try decoder.decode(Pod.self, from: g.pod(i, version: 1))) }
        let after = ChildProcess.procStatus(getpid(), "VmRSS:") ?? 0
        return withExtendedLifetime(kept) { Double(after - before) / Double(max(n, 1)) }
    }

    /// In a fresh process: RSS growth per pod of the watcher's own memory (`PodTracker` fed with watch-decoded pods).
    static func trackerBytesPerPod(_ n: Int) throws -> Double {
        let g = PodGenerator()
        let decoding = ObjectDecoding<WatchedPod>.scanned
        var tracker = PodTracker()
        MemoryTrim.afterBurst()
        let before = ChildProcess.procStatus(getpid(), "VmRSS:") ?? 0
        for i in 0..<n {
            _ = tracker.update(try g.pod(i, version: 1).withUnsafeBytes { try decoding.item($0) }.object.pod, now: KubeTime(seconds: 0),
                               notReadyAfterSeconds: 1e9)
        }
        MemoryTrim.afterBurst()
        let after = ChildProcess.procStatus(getpid(), "VmRSS:") ?? 0
        return withExtendedLifetime(tracker) { Double(after - before) / Double(max(n, 1)) }
    }

    /// Runs `executable bench --retain-probe n` and reads its number.
    static func retainedInChild(executable: String, n: Int, dir: String) async throws -> Double {
        let out = dir + "/retain.out"
        let child = try ChildProcess(executable, ["bench", "--retain-probe", String(n)], stdout: out, stderr: dir + "/retain.err")
        let exit = await child.wait()
        let text = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard exit.status == 0, let v = Double(text) else { throw BenchError("retain probe failed: \(text)") }
        return v
    }
}

extension DecodeProbe {
    /// Only what restart detection needs, for attribution against the full `Pod` model.
    struct SlimPod: Decodable {
        struct Meta: Decodable { var name: String?; var namespace: String?; var uid: String? }
        struct Terminated: Decodable { var exitCode: Int?; var reason: String?; var finishedAt: String? }
        struct LastState: Decodable { var terminated: Terminated? }
        struct CS: Decodable { var name: String; var restartCount: Int?; var ready: Bool?; var lastState: LastState? }
        struct St: Decodable { var containerStatuses: [CS]? }
        var metadata: Meta
        var status: St?
    }

    /// MB/s of decoding the same lines several ways (`bench --decode-attribution`), one line each.
    static func attribution(events: Int) throws -> [String] {
        let g = PodGenerator()
        let objects = (0..<events).map { g.pod($0 % 1000, version: $0 / 1000 + 1) }
        let lines = objects.map { o -> Data in
            var d = Data(#"{"type":"MODIFIED","object":"#.utf8); d.append(o); d.append(contentsOf: Array("}".utf8)); return d
        }
        let bytes = Double(lines.reduce(0) { $0 + $1.count })
        let decoder = JSONDecoder()
        func time(_ label: String, _ body: () throws -> Void) rethrows -> String {
            let start = ContinuousClock.now
            try body()
            let s = (ContinuousClock.now - start).seconds
            return "\(label): \(String(format: "%.1f", bytes / 1e6 / s)) MB/s"
        }
        return [
            try time("WatchEvent<WatchedPod> scanned (the watch path)") { for l in lines { _ = try WatchEvent<WatchedPod>.scan(l) } },
            try time("WatchEvent<SlimPod> JSONDecoder (the same fields)") { for l in lines { _ = try decoder.decode(WatchEvent<SlimPod>.self, from: l) } },
            try time("WatchEvent<Pod> (the whole minimal Pod)") { for l in lines { _ = try decoder.decode(WatchEvent<Pod>.self, from: l) } },
            try time("Pod alone (object bytes)") { for o in objects { _ = try decoder.decode(Pod.self, from: o) } },
            try time("ObjectHeader alone (object bytes)") { for o in objects { _ = try decoder.decode(ObjectHeader.self, from: o) } },
            try time("JSONSerialization") { for l in lines { _ = try JSONSerialization.jsonObject(with: l) } },
        ]
    }
}
