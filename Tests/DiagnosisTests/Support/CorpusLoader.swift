import Foundation
@testable import Diagnosis

/// Reads one evidence bundle of ../shared/corpus/cases the way `scan --from DIR` will: decoded lists,
/// kubectl-framed log files, and the expected diagnosis from case.json.
struct CorpusCase: Sendable {
    struct Expected: Decodable, Sendable {
        var cause: String
        var probe: String?
        var pod: String?
        var container: String?
        var acceptable: [String]
    }
    struct Meta: Decodable, Sendable {
        var id: String
        var expected: Expected
        var observedAt: String
    }

    var id: String
    var expected: Expected
    var evidence: [Evidence]

    /// `<package root>/../shared/corpus/cases` (CI checks shared/ out as a sibling of the clone).
    static let casesDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/cases")

    static func ids() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: casesDirectory.appendingPathComponent("\($0)/case.json").path) }.sorted()
    }

    static func load(_ id: String) throws -> CorpusCase {
        let dir = casesDirectory.appendingPathComponent(id)
        let meta = try JSONDecoder().decode(Meta.self, from: Data(contentsOf: dir.appendingPathComponent("case.json")))
        guard let observedAt = KubeTime(rfc3339: meta.observedAt) else { throw CocoaError(.coderInvalidValue) }
        var pods: [Pod] = [], events: [EventRecord] = [], owners: [OwnerObject] = []
        var current: [LogBlock] = [], previous: [LogBlock] = []
        let fm = FileManager.default
        for ns in try fm.contentsOfDirectory(atPath: dir.path).sorted() where ns != "manifests" {
            let nsDir = dir.appendingPathComponent(ns)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: nsDir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            pods += try list(Pod.self, nsDir, "pods.json")
            events += try list(EventRecord.self, nsDir, "events.json")
            for (file, kind) in ownerFiles {
                owners += try list(OwnerObject.self, nsDir, file).map { o in var o = o; o.kind = o.kind ?? kind; return o }
            }
            for sub in try fm.contentsOfDirectory(atPath: nsDir.path).sorted() {
                let podDir = nsDir.appendingPathComponent(sub)
                if let t = try? String(contentsOf: podDir.appendingPathComponent("logs.txt"), encoding: .utf8) { current += LogBlocks.parse(t) }
                if let t = try? String(contentsOf: podDir.appendingPathComponent("previous-logs.txt"), encoding: .utf8) { previous += LogBlocks.parse(t) }
            }
        }
        let evidence = EvidenceAssembler.assemble(pods: pods, events: events, currentLogs: current, previousLogs: previous,
                                                  owners: owners, observedAt: observedAt)
        return CorpusCase(id: id, expected: meta.expected, evidence: evidence)
    }

    static let ownerFiles = [("replicasets.json", "ReplicaSet"), ("deployments.json", "Deployment"),
                             ("statefulsets.json", "StatefulSet"), ("daemonsets.json", "DaemonSet")]

    static func list<T: Decodable & Sendable>(_ type: T.Type, _ dir: URL, _ file: String) throws -> [T] {
        let url = dir.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try JSONDecoder().decode(KubeList<T>.self, from: Data(contentsOf: url)).items
    }
}
