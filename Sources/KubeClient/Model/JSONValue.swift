import Foundation

/// Unstructured JSON, for custom resources (e.g. LeaderWorkerSet) read by path, not by type.
public enum KubeJSON: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([KubeJSON])
    case object([String: KubeJSON])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([KubeJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: KubeJSON].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The value at a path of object keys, e.g. `json["spec", "replicas"]`.
    public subscript(path: String...) -> KubeJSON? {
        var cur: KubeJSON? = self
        for key in path {
            guard case .object(let o)? = cur else { return nil }
            cur = o[key]
        }
        return cur
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
}
