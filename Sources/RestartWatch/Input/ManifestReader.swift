import Diagnosis
import Foundation
import Yams

/// Reads Kubernetes manifests (multi-document YAML or JSON, `helm template` output) for `lint`.
/// Anything that is not a Kubernetes object gets a clear per-file error; the other files still count.
struct ManifestReader {
    struct Document {
        var file: String
        var index: Int
        var object: ManifestObject
    }

    struct FileError: Error, CustomStringConvertible, Encodable {
        var file: String
        var message: String
        var description: String { "\(file): \(message)" }
    }

    /// Files to read: one file, every *.yaml/*.yml/*.json below a directory (sorted), or "-" for stdin.
    static func files(for path: String) throws -> [String] {
        if path == "-" { return ["-"] }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw FileError(file: path, message: "no such file or directory")
        }
        guard isDir.boolValue else { return [path] }
        let base = URL(fileURLWithPath: path)
        let all = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return all.filter { n in [".yaml", ".yml", ".json"].contains { n.hasSuffix($0) } && !n.hasSuffix("INDEX.json") }
            .sorted().map { base.appendingPathComponent($0).path }
    }

    static func read(file: String) -> Result<[Document], FileError> {
        let data: Data?
        if file == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else { data = FileManager.default.contents(atPath: file) }
        guard let data, let text = String(data: data, encoding: .utf8) else {
            return .failure(FileError(file: file, message: "cannot read the file as UTF-8 text"))
        }
        return parse(text: text, file: file)
    }

    static func parse(text: String, file: String) -> Result<[Document], FileError> {
        let result = parseDocuments(text: text, file: file)
        // Helm templates have control lines (`{{- if …}}`, `{{ include … }}`). Only when the file does not
        // read as Kubernetes objects do they decide the message: rendered objects may carry `{{` inside
        // block scalars (KServe's LLMInferenceServiceConfig templates its shell script that way).
        if case .failure = result,
           text.split(separator: "\n").contains(where: { $0.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("{{") }) {
            return .failure(FileError(file: file, message: "this is an unrendered Helm template, not a Kubernetes manifest: render it first (helm template …) and lint the output"))
        }
        return result
    }

    private static func parseDocuments(text: String, file: String) -> Result<[Document], FileError> {
        var docs: [Document] = []
        do {
            var index = 0
            for value in try Yams.load_all(yaml: text) {
                defer { index += 1 }
                if value is NSNull { continue } // empty document between ---
                for obj in try objects(from: value, file: file, index: index) {
                    docs.append(Document(file: file, index: index, object: obj))
                }
            }
        } catch let e as FileError {
            return .failure(e)
        } catch {
            return .failure(FileError(file: file, message: "not valid YAML: \(error)"))
        }
        if docs.isEmpty {
            return .failure(FileError(file: file, message: "no Kubernetes objects found"))
        }
        return .success(docs)
    }

    private static func objects(from value: Any, file: String, index: Int) throws -> [ManifestObject] {
        guard let map = jsonCompatible(value) as? [String: Any] else {
            throw FileError(file: file, message: "document \(index + 1) is not a mapping: this is not a Kubernetes manifest")
        }
        guard map["apiVersion"] is String, let kind = map["kind"] as? String else {
            let hint = "it looks like a Helm values file or other configuration: render the chart (helm template …) and lint the output"
            throw FileError(file: file, message: "document \(index + 1) has no apiVersion/kind, so this is not a Kubernetes manifest; \(hint)")
        }
        if kind == "List" || kind.hasSuffix("List"), let items = map["items"] as? [Any] {
            return try items.enumerated().flatMap { try objects(from: $0.element, file: file, index: index) }
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: map)
            return [try JSONDecoder().decode(ManifestObject.self, from: data)]
        } catch {
            throw FileError(file: file, message: "document \(index + 1) (\(kind)): \(DecodeErrorText.describe(error))")
        }
    }

    /// Yams values → JSONSerialization-compatible values (string keys; dates as RFC 3339 text).
    static func jsonCompatible(_ v: Any) -> Any {
        switch v {
        case let d as [String: Any]: return d.mapValues(jsonCompatible)
        case let d as [AnyHashable: Any]:
            var out: [String: Any] = [:]
            for (k, x) in d { out["\(k.base)"] = jsonCompatible(x) }
            return out
        case let a as [Any]: return a.map(jsonCompatible)
        case let date as Date: return KubeTime(date).description
        case let data as Data: return data.base64EncodedString()
        case is NSNull: return NSNull()
        default: return v
        }
    }
}
