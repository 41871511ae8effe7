import Diagnosis
import Foundation

/// Reads a `kubectl cluster-info dump --output-directory DIR -o json` folder (plus restartwatch's
/// `previous-logs.txt` extension, see corpus/README.md) into decoded objects and log texts.
struct DumpReader {
    /// One namespace folder of the dump.
    struct Namespace {
        var name: String
        var pods: [Pod] = []
        var events: [EventRecord] = []
        /// Owner objects (ReplicaSets, Deployments, StatefulSets, DaemonSets, Jobs) by kind and name.
        var owners: [OwnerObject] = []
        /// `logs.txt` text by pod folder name.
        var currentLogs: [String: String] = [:]
        /// `previous-logs.txt` text by pod folder name.
        var previousLogs: [String: String] = [:]
    }

    struct ReadError: Error, CustomStringConvertible {
        var path: String
        var problem: String
        var description: String { "\(path): \(problem)" }
    }

    let root: URL

    init(path: String) {
        root = URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Reads every namespace folder. Fails with the file name when a JSON file does not decode.
    func read() throws -> [Namespace] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw ReadError(path: root.path, problem: "not a directory (expected a `kubectl cluster-info dump --output-directory` folder)")
        }
        var result: [Namespace] = []
        let entries = try fm.contentsOfDirectory(atPath: root.path).sorted()
        for entry in entries {
            let dir = root.appendingPathComponent(entry, isDirectory: true)
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            let ns = try readNamespace(name: entry, dir: dir)
            if !ns.pods.isEmpty || !ns.events.isEmpty { result.append(ns) }
        }
        if result.isEmpty {
            throw ReadError(path: root.path, problem: "no <namespace>/pods.json or events.json found: is this a cluster-info dump folder?")
        }
        return result
    }

    private func readNamespace(name: String, dir: URL) throws -> Namespace {
        var ns = Namespace(name: name)
        ns.pods = try readList(Pod.self, dir.appendingPathComponent("pods.json")) ?? []
        ns.events = try readList(EventRecord.self, dir.appendingPathComponent("events.json")) ?? []
        for file in ["replicasets.json", "deployments.json", "statefulsets.json", "daemonsets.json", "jobs.json"] {
            let kind = ["replicasets.json": "ReplicaSet", "deployments.json": "Deployment", "statefulsets.json": "StatefulSet",
                        "daemonsets.json": "DaemonSet", "jobs.json": "Job"][file]!
            for var o in try readList(OwnerObject.self, dir.appendingPathComponent(file)) ?? [] {
                if o.kind == nil { o.kind = kind }
                ns.owners.append(o)
            }
        }
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] {
            let podDir = dir.appendingPathComponent(entry, isDirectory: true)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: podDir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            if let d = fm.contents(atPath: podDir.appendingPathComponent("logs.txt").path) {
                ns.currentLogs[entry] = String(decoding: d, as: UTF8.self)
            }
            if let d = fm.contents(atPath: podDir.appendingPathComponent("previous-logs.txt").path) {
                ns.previousLogs[entry] = String(decoding: d, as: UTF8.self)
            }
        }
        return ns
    }

    private func readList<T: Decodable & Sendable>(_ type: T.Type, _ url: URL) throws -> [T]? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(KubeList<T>.self, from: data).items
        } catch {
            throw ReadError(path: url.path, problem: "not a valid v1 List of \(T.self): \(DecodeErrorText.describe(error))")
        }
    }

    /// The latest moment recorded anywhere in the dump: the default diagnosis time when `--now` is not given.
    static func latestTimestamp(in namespaces: [Namespace]) -> KubeTime? {
        var latest: KubeTime?
        func see(_ t: KubeTime?) { if let t, latest.map({ t > $0 }) ?? true { latest = t } }
        for ns in namespaces {
            for e in ns.events { see(e.lastSeen) }
            for p in ns.pods {
                see(p.metadata.creationTimestamp)
                for s in (p.status?.containerStatuses ?? []) + (p.status?.initContainerStatuses ?? []) {
                    see(s.state?.running?.startedAt)
                    see(s.state?.terminated?.finishedAt)
                    see(s.lastState?.terminated?.finishedAt)
                }
            }
        }
        return latest
    }
}

/// Short, specific text for a DecodingError: the key path and what was wrong.
enum DecodeErrorText {
    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.typeMismatch(let t, let c): return "\(StrictDecoding.keyPath(c.codingPath)): expected \(StrictDecoding.describe(t))"
        case DecodingError.valueNotFound(let t, let c): return "\(StrictDecoding.keyPath(c.codingPath)): expected \(StrictDecoding.describe(t)), found null"
        case DecodingError.keyNotFound(let k, let c): return "\(StrictDecoding.keyPath(c.codingPath + [k])): required key is missing"
        case DecodingError.dataCorrupted(let c):
            return c.codingPath.isEmpty ? "not valid JSON" : "\(StrictDecoding.keyPath(c.codingPath)): \(c.debugDescription)"
        default: return "\(error)"
        }
    }
}
