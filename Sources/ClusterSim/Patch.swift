import Foundation

/// Applies merge patch (RFC 7386), a best-effort strategic merge patch (lists of objects with a
/// `name` are merged by name, like `patchMergeKey:"name"` on containers) and JSON patch (RFC 6902).
enum JSONPatcher {
    static func apply(type: String, patch: Data, to current: [String: Any]) throws -> [String: Any] {
        guard let parsed = try? JSONSerialization.jsonObject(with: patch) else {
            throw APIError.badRequest("the body of the request could not be decoded as JSON")
        }
        switch type {
        case "application/json-patch+json":
            guard let ops = parsed as? [[String: Any]] else { throw APIError.badRequest("json patch must be an array") }
            var doc: Any = current
            for op in ops { doc = try applyOp(op, to: doc) }
            guard let result = doc as? [String: Any] else { throw APIError.badRequest("patch result is not an object") }
            return result
        default:
            guard let p = parsed as? [String: Any] else { throw APIError.badRequest("merge patch must be an object") }
            return merge(current, p, strategic: type == "application/strategic-merge-patch+json")
        }
    }

    static func merge(_ target: [String: Any], _ patch: [String: Any], strategic: Bool) -> [String: Any] {
        var out = target
        for (key, value) in patch {
            if value is NSNull {
                out[key] = nil
            } else if let pv = value as? [String: Any], let tv = out[key] as? [String: Any] {
                out[key] = merge(tv, pv, strategic: strategic)
            } else if strategic, let pl = value as? [[String: Any]], let tl = out[key] as? [[String: Any]],
                      pl.allSatisfy({ $0["name"] is String }), tl.allSatisfy({ $0["name"] is String }) {
                var merged = tl
                for item in pl {
                    if let i = merged.firstIndex(where: { ($0["name"] as? String) == (item["name"] as? String) }) {
                        merged[i] = merge(merged[i], item, strategic: true)
                    } else {
                        merged.append(item)
                    }
                }
                out[key] = merged
            } else {
                out[key] = value
            }
        }
        return out
    }

    private static func pointer(_ path: String) throws -> [String] {
        guard path.hasPrefix("/") else { throw APIError.badRequest("invalid JSON pointer \(JSONBytes.goQuote(path))") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func applyOp(_ op: [String: Any], to doc: Any) throws -> Any {
        let name = op["op"] as? String ?? ""
        let path = try pointer(op["path"] as? String ?? "")
        switch name {
        case "add", "replace":
            return try set(doc, path[...], op["value"] ?? NSNull(), insert: name == "add")
        case "remove":
            return try set(doc, path[...], nil, insert: false)
        case "test":
            let actual = try get(doc, path[...])
            let expected = op["value"] ?? NSNull()
            guard NSDictionary(dictionary: ["v": actual]).isEqual(to: ["v": expected]) else {
                throw APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request")
            }
            return doc
        default:
            throw APIError.badRequest("unsupported json patch operation \(JSONBytes.goQuote(name))")
        }
    }

    private static func get(_ doc: Any, _ path: ArraySlice<String>) throws -> Any {
        guard let key = path.first else { return doc }
        if let dict = doc as? [String: Any], let next = dict[key] { return try get(next, path.dropFirst()) }
        if let arr = doc as? [Any], let i = Int(key), arr.indices.contains(i) { return try get(arr[i], path.dropFirst()) }
        throw APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request")
    }

    private static func set(_ doc: Any, _ path: ArraySlice<String>, _ value: Any?, insert: Bool) throws -> Any {
        guard let key = path.first else { return value ?? NSNull() }
        let last = path.count == 1
        if var dict = doc as? [String: Any] {
            if last {
                dict[key] = value
            } else {
                guard let child = dict[key] else { throw APIError.badRequest("path not found: \(key)") }
                dict[key] = try set(child, path.dropFirst(), value, insert: insert)
            }
            return dict
        }
        if var arr = doc as? [Any] {
            let i = key == "-" ? arr.count : (Int(key) ?? -1)
            guard i >= 0, i <= arr.count else { throw APIError.badRequest("array index out of range: \(key)") }
            if last {
                if let value {
                    if insert { arr.insert(value, at: i) } else if i < arr.count { arr[i] = value }
                } else if i < arr.count {
                    arr.remove(at: i)
                }
            } else {
                guard i < arr.count else { throw APIError.badRequest("array index out of range: \(key)") }
                arr[i] = try set(arr[i], path.dropFirst(), value, insert: insert)
            }
            return arr
        }
        throw APIError.badRequest("cannot traverse into a scalar at \(key)")
    }
}
