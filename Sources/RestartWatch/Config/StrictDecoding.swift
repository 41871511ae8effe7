import Foundation

/// A coding key for any string: used to list the keys actually present in a JSON object.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

/// A configuration error that names the file, the key path and what was expected.
struct ConfigError: Error, CustomStringConvertible {
    var file: String
    var keyPath: String
    var problem: String
    var description: String {
        keyPath.isEmpty ? "\(file): \(problem)" : "\(file): \(keyPath): \(problem)"
    }
}

/// Thrown from `init(from:)` when an object has keys the type does not know.
struct UnknownKeysError: Error {
    var codingPath: [CodingKey]
    var unknown: [String]
    var allowed: [String]
}

enum StrictDecoding {
    /// Fails when the object being decoded has keys outside `allowed` (unknown keys are errors, not ignored).
    static func rejectUnknownKeys<K: CodingKey & CaseIterable>(_ decoder: Decoder, _ keys: K.Type) throws {
        let present = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
        let allowed = K.allCases.map(\.stringValue)
        // Keys starting with "//" are comments (JSON has none): config.example.json documents itself with them.
        let unknown = present.filter { !allowed.contains($0) && !$0.hasPrefix("//") }.sorted()
        if !unknown.isEmpty {
            throw UnknownKeysError(codingPath: decoder.codingPath, unknown: unknown, allowed: allowed)
        }
    }

    /// Decodes `T` from a JSON file, turning every failure into a `ConfigError` with a key path.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let e as UnknownKeysError {
            let path = keyPath(e.codingPath)
            let names = e.unknown.map { path.isEmpty ? $0 : "\(path).\($0)" }.joined(separator: ", ")
            throw ConfigError(file: file, keyPath: names,
                              problem: "unknown key (expected one of: \(e.allowed.joined(separator: ", ")))")
        } catch let e as ConfigError {
            throw e
        } catch let DecodingError.typeMismatch(type, ctx) {
            throw ConfigError(file: file, keyPath: keyPath(ctx.codingPath), problem: "expected \(describe(type))")
        } catch let DecodingError.valueNotFound(type, ctx) {
            throw ConfigError(file: file, keyPath: keyPath(ctx.codingPath), problem: "expected \(describe(type)), found null")
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw ConfigError(file: file, keyPath: keyPath(ctx.codingPath + [key]), problem: "required key is missing")
        } catch let DecodingError.dataCorrupted(ctx) {
            let detail = (ctx.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw ConfigError(file: file, keyPath: keyPath(ctx.codingPath),
                              problem: ctx.codingPath.isEmpty ? "not valid JSON\(detail.map { " (\($0))" } ?? "")" : ctx.debugDescription)
        }
    }

    static func keyPath(_ path: [CodingKey]) -> String {
        var out = ""
        for k in path {
            if let i = k.intValue { out += "[\(i)]" } else { out += out.isEmpty ? k.stringValue : ".\(k.stringValue)" }
        }
        return out
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [String].Type: return "a list of strings"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") || name.hasPrefix("[") ? "a list" : (name.contains("Dictionary") ? "an object" : "a value of type \(name)")
        }
    }
}
