import Foundation
import Yams

/// A YAML node together with the file and key path it was found at, so that every type error
/// can name both. Mirrors what client-go rejects: it decodes kubeconfig YAML through JSON into
/// typed Go structs (`sigs.k8s.io/yaml`), so a number where a string belongs is an error and
/// unknown keys are ignored.
struct YAMLCursor {
    let file: String
    let path: String
    let node: Node?

    func child(_ key: String) -> YAMLCursor {
        var found: Node?
        if case .mapping(let mapping)? = node {
            for (keyNode, value) in mapping where keyNode.string == key { found = value }
        }
        return YAMLCursor(file: file, path: path.isEmpty ? key : "\(path).\(key)", node: found)
    }

    var isNull: Bool {
        guard let node else { return true }
        if case .scalar = node, node.tagName == .null { return true }
        return false
    }

    func fail(_ message: String) -> KubeconfigError {
        KubeconfigError(.invalid, file: file, keyPath: path, message)
    }

    func typeError(expected: String) -> KubeconfigError {
        fail("expected \(expected), found \(kindName)")
    }

    private var kindName: String {
        switch node {
        case .none: return "nothing"
        case .mapping?: return "a mapping"
        case .sequence?: return "a list"
        case .alias?: return "an alias"
        case .scalar?:
            switch node?.tagName {
            case .int?, .float?: return "a number"
            case .bool?: return "a boolean"
            case .null?: return "null"
            default: return "a string"
            }
        }
    }

    /// A string field; nil when absent or null. Numbers and booleans are rejected as in client-go.
    func string() throws -> String? {
        if isNull { return nil }
        // Why timestamps count as strings: yaml.v2 (behind client-go's YAML→JSON step) keeps
        // timestamp-looking scalars as strings when the target is not time.Time.
        guard case .scalar(let scalar)? = node, [.str, .timestamp, .value, .merge].contains(node?.tagName) else {
            throw typeError(expected: "a string")
        }
        return scalar.string
    }

    /// A string field where an empty value means "unset" (Go zero value).
    func nonEmptyString() throws -> String? {
        guard let value = try string(), !value.isEmpty else { return nil }
        return value
    }

    func bool() throws -> Bool {
        if isNull { return false }
        guard case .scalar? = node, node?.tagName == .bool, let value = node?.bool else {
            throw typeError(expected: "a boolean")
        }
        return value
    }

    /// The entries of a list; empty when absent or null.
    func elements() throws -> [YAMLCursor] {
        if isNull { return [] }
        guard case .sequence(let sequence)? = node else { throw typeError(expected: "a list") }
        return sequence.enumerated().map { YAMLCursor(file: file, path: "\(path)[\($0.offset)]", node: $0.element) }
    }

    /// Checks that the node is a mapping (or absent / null).
    func requireMapping() throws {
        if isNull { return }
        guard case .mapping? = node else { throw typeError(expected: "a mapping") }
    }

    var isPresent: Bool { !isNull }

    /// The node as a JSON value (keys sorted, as Go's map marshalling does), for exec plugin
    /// cluster extensions.
    func jsonValue() -> JSONValue {
        guard let node else { return .null }
        return JSONValue(node)
    }
}

/// A minimal JSON value with a Go-compatible encoder (`encoding/json`): object keys sorted, `<`,
/// `>`, `&`, U+2028 and U+2029 escaped. Used to build `KUBERNETES_EXEC_INFO` byte-for-byte as
/// client-go does.
indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    /// Already-encoded JSON, inserted verbatim.
    case raw(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.encoded() == rhs.encoded() }

    init(_ node: Node) {
        switch node {
        case .mapping(let mapping):
            let pairs = mapping.map { ($0.key.string ?? "", JSONValue($0.value)) }
            self = .object(pairs.sorted { $0.0 < $1.0 })
        case .sequence(let sequence):
            self = .array(sequence.map(JSONValue.init))
        case .alias:
            self = .null
        case .scalar(let scalar):
            switch node.tagName {
            case .null: self = .null
            case .bool: self = .bool(node.bool ?? false)
            case .int: self = node.int.map { .number(String($0)) } ?? .string(scalar.string)
            case .float: self = node.float.map { .number(JSONValue.goFloat($0)) } ?? .string(scalar.string)
            default: self = .string(scalar.string)
            }
        }
    }

    func encoded() -> String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text), .raw(let text): return text
        case .string(let text): return JSONValue.quote(text)
        case .array(let items): return "[" + items.map { $0.encoded() }.joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { JSONValue.quote($0.0) + ":" + $0.1.encoded() }.joined(separator: ",") + "}"
        }
    }

    /// Go `encoding/json` float formatting for the common cases: integral values print without
    /// a fraction (`1`, not `1.0`).
    static func goFloat(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Go `encoding/json` string quoting (HTML-safe escaping is on by default in `json.Marshal`).
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += String(format: "\\u%04x", scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension Node {
    /// The resolved tag's name (Yams keeps `Tag.name` internal).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
