import ArgumentParser
import Foundation
import Yams

/// `-o text|json|yaml`, as kubectl spells it.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, yaml
}

/// Encodes reports for machines: JSON with sorted keys (stable for diffs and tests), or YAML.
enum MachineOutput {
    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func yaml<T: Encodable>(_ value: T) throws -> String {
        // Through JSON first so that explicit nulls and key order match the JSON contract.
        let data = try JSONEncoder().encode(value)
        let tree = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return try Yams.dump(object: sortedForYAML(tree), sortKeys: true)
    }

    private static func sortedForYAML(_ v: Any) -> Any {
        if let d = v as? [String: Any] { return d.mapValues(sortedForYAML) }
        if let a = v as? [Any] { return a.map(sortedForYAML) }
        if v is NSNull { return NSNull() }
        return v
    }
}
