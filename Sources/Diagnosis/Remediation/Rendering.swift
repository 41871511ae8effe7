import Foundation

/// Text forms of a patch: compact JSON with sorted keys, a YAML snippet, and shell quoting.
enum Rendering {
    /// Any Encodable as a JSONValue tree (nil fields are omitted, as the API server would).
    static func jsonValue<T: Encodable>(_ value: T) -> JSONValue {
        guard let data = try? JSONEncoder().encode(value),
              let v = try? JSONDecoder().decode(JSONValue.self, from: data) else { return .null }
        return v
    }

    /// Compact JSON, keys sorted, slashes unescaped: stable across runs and readable in a shell.
    static func compactJSON(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Nests `leaf` under the object keys of `path`: `["spec","template"]` → `{"spec":{"template":leaf}}`.
    static func nest(_ leaf: JSONValue, under path: [String]) -> JSONValue {
        path.reversed().reduce(leaf) { inner, key in .object([key: inner]) }
    }

    /// POSIX single-quoting: `'…'`, each `'` written as `'\''`.
    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A shell word: as is when it holds only safe characters (Kubernetes names always do), else quoted.
    static func shellArg(_ s: String) -> String {
        !s.isEmpty && s.unicodeScalars.allSatisfy { shellSafe.contains($0) } ? s : shellQuote(s)
    }

    // Built once: a CharacterSet is costly to build, and these are consulted for every rendered string.
    private static let shellSafe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    private static let yamlPlain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_.-")

    /// Block-style YAML, keys sorted; strings that YAML would read as something else are JSON-quoted
    /// (a JSON string is a valid YAML double-quoted scalar).
    static func yaml(_ value: JSONValue, indent: Int = 0) -> String {
        var lines: [String] = []
        emit(value, indent: indent, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func emit(_ value: JSONValue, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let o):
            for key in o.keys.sorted() {
                let v = o[key]!
                if let s = scalar(v) {
                    lines.append("\(pad)\(yamlKey(key)): \(s)")
                } else if isEmpty(v) {
                    lines.append("\(pad)\(yamlKey(key)): \(v == .array([]) ? "[]" : "{}")")
                } else {
                    lines.append("\(pad)\(yamlKey(key)):")
                    // Sequences under a key sit at the key's indentation (kubectl's style).
                    emit(v, indent: isArray(v) ? indent : indent + 2, into: &lines)
                }
            }
        case .array(let a):
            for item in a {
                if let s = scalar(item) {
                    lines.append("\(pad)- \(s)")
                } else {
                    var sub: [String] = []
                    emit(item, indent: indent + 2, into: &sub)
                    guard let first = sub.first else { lines.append("\(pad)- {}"); continue }
                    lines.append("\(pad)- " + String(first.dropFirst(indent + 2)))
                    lines.append(contentsOf: sub.dropFirst())
                }
            }
        default:
            lines.append(pad + (scalar(value) ?? ""))
        }
    }

    private static func scalar(_ v: JSONValue) -> String? {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .string(let s): return yamlString(s)
        default: return nil
        }
    }

    private static func isEmpty(_ v: JSONValue) -> Bool { v == .array([]) || v == .object([:]) }
    private static func isArray(_ v: JSONValue) -> Bool { if case .array = v { return true } else { return false } }

    private static func yamlKey(_ k: String) -> String { yamlString(k) }

    static func yamlString(_ s: String) -> String {
        let plainChars = yamlPlain
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]
        let looksNumeric = Double(s) != nil || s.hasPrefix("0x") || s.hasPrefix("0o")
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { plainChars.contains($0) }
            && !s.hasPrefix("-") && !s.hasPrefix(".") && !reserved.contains(s.lowercased()) && !looksNumeric
        if plain { return s }
        return compactJSON(.string(s))
    }
}
