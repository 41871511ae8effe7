import Foundation
@testable import RestartWatch
import Yams

/// The shipped Kubernetes manifests under deploy/, read as plain JSON-compatible objects.
enum DeployManifests {
    /// One YAML document of one file.
    struct Document {
        var file: String
        var index: Int
        var object: [String: Any]

        var kind: String? { object["kind"] as? String }
        var apiVersion: String? { object["apiVersion"] as? String }
        var metadata: [String: Any]? { object["metadata"] as? [String: Any] }
        var name: String? { metadata?["name"] as? String }
        var namespace: String? { metadata?["namespace"] as? String }
        var label: String { "\(file)#\(index + 1) \(kind ?? "?")/\(name ?? "?")" }
    }

    static let root = TestPaths.packageRoot.appendingPathComponent("deploy")
    /// The deployment modes the issue asks for, one directory each.
    static let modes = ["cluster", "namespaced", "sidecar"]

    /// Every *.yaml below deploy/ (or below deploy/`mode`), sorted.
    static func files(mode: String? = nil) throws -> [String] {
        let dir = mode.map { root.appendingPathComponent($0) } ?? root
        return try ManifestReader.files(for: dir.path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    }

    /// Every non-empty document of `file`; throws when the YAML does not parse or a document is not a mapping.
    static func documents(file: String) throws -> [Document] {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var docs: [Document] = []
        for (i, value) in try Yams.load_all(yaml: text).enumerated() {
            if value is NSNull { continue }
            guard let map = ManifestReader.jsonCompatible(value) as? [String: Any] else {
                throw ManifestReader.FileError(file: file, message: "document \(i + 1) is not a mapping")
            }
            docs.append(Document(file: URL(fileURLWithPath: file).lastPathComponent, index: i, object: map))
        }
        return docs
    }

    static func documents(mode: String? = nil) throws -> [Document] {
        try files(mode: mode).flatMap { try documents(file: $0) }
    }

    /// A restartwatch container found in a workload's pod template.
    struct RestartWatchContainer {
        var owner: String
        var isInitContainer: Bool
        var container: [String: Any]
        var args: [String] { (container["args"] as? [Any])?.map { "\($0)" } ?? [] }
        var env: [[String: Any]] { container["env"] as? [[String: Any]] ?? [] }
    }

    /// Containers whose image is restartwatch, in containers and initContainers of pod templates.
    static func restartWatchContainers(_ doc: Document) -> [RestartWatchContainer] {
        guard let spec = doc.object["spec"] as? [String: Any],
              let template = spec["template"] as? [String: Any],
              let podSpec = template["spec"] as? [String: Any] else { return [] }
        var found: [RestartWatchContainer] = []
        for (key, isInit) in [("containers", false), ("initContainers", true)] {
            for c in podSpec[key] as? [[String: Any]] ?? [] {
                let image = c["image"] as? String ?? ""
                if image.hasPrefix("restartwatch:") || image.contains("/restartwatch:") {
                    found.append(RestartWatchContainer(owner: doc.label, isInitContainer: isInit, container: c))
                }
            }
        }
        return found
    }

    /// Expands `$(VAR)` references the way the kubelet does (Kubernetes `expansion.Expand`):
    /// defined names are replaced, `$$` escapes a `$`, undefined references stay as written.
    static func expand(_ arg: String, _ values: [String: String]) -> String {
        var out = ""
        var i = arg.startIndex
        while i < arg.endIndex {
            let rest = arg[i...]
            if rest.hasPrefix("$$") {
                out += "$"; i = arg.index(i, offsetBy: 2); continue
            }
            if rest.hasPrefix("$("), let close = rest.firstIndex(of: ")") {
                let name = String(rest[rest.index(i, offsetBy: 2)..<close])
                if let v = values[name] { out += v; i = arg.index(after: close); continue }
            }
            out.append(arg[i]); i = arg.index(after: i)
        }
        return out
    }
}
