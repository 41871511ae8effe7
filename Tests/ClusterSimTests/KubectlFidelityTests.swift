import Foundation
import Testing
@testable import ClusterSim

/// Runs a command, returns (exit code, stdout, stderr).
func runProcess(_ path: String, _ args: [String], environment: [String: String]? = nil) async throws -> (Int32, String, String) {
    try await withCheckedThrowingContinuation { cont in
        Thread.detachNewThread {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: path)
            p.arguments = args
            if let environment { p.environment = environment }
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            do {
                try p.run()
                let o = out.fileHandleForReading.readDataToEndOfFile()
                let e = err.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                cont.resume(returning: (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self)))
            } catch {
                cont.resume(throwing: error)
            }
        }
    }
}

func tempDir() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clustersim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
}

/// Splits kubectl's stream of pretty-printed JSON documents into objects.
func jsonDocuments(_ text: String) -> [[String: Any]] {
    var docs: [[String: Any]] = []
    var depth = 0, start: String.Index?, inString = false, escaped = false
    for i in text.indices {
        let c = text[i]
        if inString {
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            continue
        }
        if c == "\"" { inString = true } else if c == "{" {
            if depth == 0 { start = i }
            depth += 1
        } else if c == "}" {
            depth -= 1
            if depth == 0, let s = start,
               let obj = (try? JSONSerialization.jsonObject(with: Data(text[s...i].utf8))) as? [String: Any] {
                docs.append(obj)
            }
        }
    }
    return docs
}

/// Real kubectl against ClusterSim (issue #2 fidelity test). kubectl over plain http sends no
/// token (kubernetes-facts §5.3a), so auth stays off.
@Suite(.serialized) struct KubectlFidelityTests {
    static let kubectl = "/usr/bin/kubectl"
    static var available: Bool {
        if FileManager.default.isExecutableFile(atPath: kubectl) { return true }
        print("kubectl not found at \(kubectl); skipping the kubectl fidelity test")
        return false
    }

    @Test(.enabled(if: available)) func getPodsAllNamespacesAsJSON() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Fixtures.pod("llama-0"))
            try sim.put(resource: "pods", namespace: "serving", name: "qwen-0", json: Fixtures.pod("qwen-0", namespace: "serving"))
            let cache = try tempDir()
            let (rc, out, err) = try await runProcess(Self.kubectl, ["--server", sim.baseURL, "get", "pods", "-A", "-o", "json",
                                                                     "--cache-dir", cache, "--request-timeout=20s"])
            #expect(rc == 0, "kubectl failed: \(err)")
            let list = try #require(jsonDocuments(out).first)
            #expect(list["kind"] as? String == "List")
            let names = (list["items"] as? [[String: Any]] ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
            #expect(names.sorted() == ["llama-0", "qwen-0"])
            #expect(sim.requests.contains { $0.path == "/apis" && $0.status == 200 })
            #expect(sim.requests.contains { $0.path == "/api/v1/pods" && $0.query["limit"] == "500" })
        }
    }

    @Test(.enabled(if: available)) func watchSeesAddedThenModified() async throws {
        try await withSim { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Fixtures.pod("llama-0", phase: "Pending"))
            let cache = try tempDir()
            let before = sim.activeWatchCount
            let kubectl = Task {
                try await runProcess(Self.kubectl, ["--server", sim.baseURL, "get", "pods", "-A", "-w", "--output-watch-events",
                                                    "-o", "json", "--cache-dir", cache, "--request-timeout=4s"])
            }
            #expect(await sim.waitForWatches(count: before + 1, timeout: 15))
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Fixtures.pod("llama-0", phase: "Running"))
            let (_, out, err) = try await kubectl.value
            let events = jsonDocuments(out)
            #expect(events.compactMap { $0["type"] as? String } == ["ADDED", "MODIFIED"], "stderr: \(err)")
            let phase = ((events.last?["object"] as? [String: Any])?["status"] as? [String: Any])?["phase"] as? String
            #expect(phase == "Running")
            let watchReq = try #require(sim.requests.first { $0.isWatch })
            #expect(watchReq.query["resourceVersion"] != nil)
        }
    }
}
