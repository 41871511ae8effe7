import Diagnosis
import Foundation

/// `scan --save-evidence DIR`: writes what a scan saw in the `kubectl cluster-info dump` layout
/// (plus previous-logs.txt), so a user can attach it to a bug report and anyone can re-run the
/// diagnosis with `scan --from DIR --now <observedAt>`.
enum EvidenceWriter {
    static func write(_ input: ScanInput, to dir: String) throws {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: dir, isDirectory: true)
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let enc = JSONEncoder.sortedKeys
        for ns in input.namespaces {
            let nsDir = root.appendingPathComponent(ns.name, isDirectory: true)
            try fm.createDirectory(at: nsDir, withIntermediateDirectories: true)
            try enc.encode(EncodableList(kind: "PodList", items: ns.pods)).write(to: nsDir.appendingPathComponent("pods.json"))
            try enc.encode(EncodableList(kind: "EventList", items: ns.events)).write(to: nsDir.appendingPathComponent("events.json"))
            let byKind = Dictionary(grouping: ns.owners) { $0.kind ?? "" }
            for (kind, file) in [("ReplicaSet", "replicasets.json"), ("Deployment", "deployments.json"),
                                 ("StatefulSet", "statefulsets.json"), ("DaemonSet", "daemonsets.json"), ("Job", "jobs.json")] {
                if let items = byKind[kind], !items.isEmpty {
                    try enc.encode(EncodableList(kind: "\(kind)List", items: items)).write(to: nsDir.appendingPathComponent(file))
                }
            }
            for (pod, text) in ns.currentLogs { try writeLog(text, nsDir, pod, "logs.txt") }
            for (pod, text) in ns.previousLogs { try writeLog(text, nsDir, pod, "previous-logs.txt") }
        }
        let meta = ["observedAt": input.observedAt.description, "source": input.source,
                    "rerun": "restartwatch scan --from \(dir) --now \(input.observedAt.description)"]
        try enc.encode(meta).write(to: root.appendingPathComponent("restartwatch-scan.json"))
    }

    private static func writeLog(_ text: String, _ nsDir: URL, _ pod: String, _ name: String) throws {
        let podDir = nsDir.appendingPathComponent(pod, isDirectory: true)
        try FileManager.default.createDirectory(at: podDir, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: podDir.appendingPathComponent(name))
    }

    /// The block framing `kubectl cluster-info dump` uses in logs.txt.
    static func logBlock(namespace: String, pod: String, container: String, lines: [String]) -> String {
        var out = "==== START logs for container \(container) of pod \(namespace)/\(pod) ====\n"
        for l in lines { out += l + "\n" }
        out += "==== END logs for container \(container) of pod \(namespace)/\(pod) ====\n"
        return out
    }
}

/// A v1 List wrapper (`{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[…]}`).
struct EncodableList<T: Encodable>: Encodable {
    var kind: String
    var apiVersion = "v1"
    var metadata: [String: String] = [:]
    var items: [T]
    init(kind: String, items: [T]) { self.kind = kind; self.items = items }
}
