import Foundation
import NIOCore

/// Labels and selectable field values of one object.
struct SelectableFields: Sendable {
    var labels: [String: String] = [:]
    var fields: [String: String] = [:]

    init(json: Data, resource: ResourceInfo) {
        self.init(object: (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] ?? [:], resource: resource)
    }

    /// From a watch line `{"type":…,"object":{…}}`.
    init(watchLine: ByteBuffer, resource: ResourceInfo) {
        let parsed = (try? JSONSerialization.jsonObject(with: Data(watchLine.readableBytesView))) as? [String: Any]
        self.init(object: parsed?["object"] as? [String: Any] ?? [:], resource: resource)
    }

    init(object obj: [String: Any], resource: ResourceInfo) {
        let meta = obj["metadata"] as? [String: Any] ?? [:]
        for (k, v) in meta["labels"] as? [String: Any] ?? [:] { labels[k] = "\(v)" }
        fields["metadata.name"] = meta["name"] as? String ?? ""
        fields["metadata.namespace"] = meta["namespace"] as? String ?? ""
        for label in resource.fieldLabels {
            fields[label] = Self.lookup(obj, label) ?? ""
        }
        if resource.plural == "pods" { fields["spec.host"] = fields["spec.nodeName"] }
        if resource.plural == "events" {
            // `source` matches source.component, or reportingComponent when that is empty
            // (source: pkg/registry/core/event/strategy.go `ToSelectableFields`).
            let component = Self.lookup(obj, "source.component") ?? ""
            fields["source"] = component.isEmpty ? (fields["reportingComponent"] ?? "") : component
        }
    }

    private static func lookup(_ obj: [String: Any], _ path: String) -> String? {
        var current: Any = obj
        for part in path.split(separator: ".") {
            guard let dict = current as? [String: Any], let next = dict[String(part)] else { return nil }
            current = next
        }
        if let s = current as? String { return s }
        if path == "spec.hostNetwork" { return (current as? Bool) == true ? "true" : "false" }
        if let n = current as? NSNumber { return n.stringValue }
        return nil
    }
}

/// A parsed label or field selector: a conjunction of requirements.
struct Selector: Sendable {
    /// Selector operators.
    enum Op: Sendable { case equals, notEquals, exists, notExists, isIn, notIn }
    /// One `key op values` term.
    struct Requirement: Sendable {
        var key: String
        var op: Op
        var values: [String]
    }
    var requirements: [Requirement] = []
    var isEmpty: Bool { requirements.isEmpty }

    func matches(_ values: [String: String]) -> Bool {
        requirements.allSatisfy { r in
            let v = values[r.key]
            switch r.op {
            case .equals: return v == r.values[0]
            case .notEquals: return v != r.values[0]
            case .exists: return v != nil
            case .notExists: return v == nil
            case .isIn: return v.map { r.values.contains($0) } ?? false
            case .notIn: return v.map { !r.values.contains($0) } ?? true
            }
        }
    }

    /// Label selector syntax: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`.
    static func parseLabels(_ text: String) throws -> Selector {
        var sel = Selector()
        for term in splitTerms(text) {
            let t = term.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            if let r = try parseSetTerm(t) { sel.requirements.append(r); continue }
            if t.hasPrefix("!") { sel.requirements.append(.init(key: String(t.dropFirst()), op: .notExists, values: [])); continue }
            if let r = parseEquality(t) { sel.requirements.append(r); continue }
            sel.requirements.append(.init(key: t, op: .exists, values: []))
        }
        return sel
    }

    /// Field selector syntax: `k=v`, `k==v`, `k!=v`, comma = AND; keys must be supported labels.
    static func parseFields(_ text: String, resource: ResourceInfo) throws -> Selector {
        var sel = Selector()
        let allowed = Set(["metadata.name", "metadata.namespace"] + resource.fieldLabels)
        for term in text.split(separator: ",") {
            let t = term.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let r = parseEquality(t) else { throw APIError.badRequest("invalid selector: '\(t)'; can't understand '\(t)'") }
            // Unknown labels are rejected (source: pkg/apis/core/v1/conversion.go field label funcs).
            guard allowed.contains(r.key) else { throw APIError.badRequest("field label not supported: \(r.key)") }
            sel.requirements.append(r)
        }
        return sel
    }

    private static func parseEquality(_ t: String) -> Requirement? {
        for (token, op) in [("!=", Op.notEquals), ("==", .equals), ("=", .equals)] {
            if let range = t.range(of: token) {
                let key = t[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let value = t[range.upperBound...].trimmingCharacters(in: .whitespaces)
                return Requirement(key: key, op: op, values: [value])
            }
        }
        return nil
    }

    private static func parseSetTerm(_ t: String) throws -> Requirement? {
        for (word, op) in [(" notin ", Op.notIn), (" in ", .isIn)] {
            guard let range = t.range(of: word) else { continue }
            let key = t[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let rest = t[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard rest.hasPrefix("("), rest.hasSuffix(")") else { throw APIError.badRequest("unable to parse requirement: \(t)") }
            let values = rest.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return Requirement(key: key, op: op, values: values)
        }
        return nil
    }

    private static func splitTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if ch == ",", depth == 0 { terms.append(current); current = "" } else { current.append(ch) }
        }
        terms.append(current)
        return terms
    }
}
