import Foundation

/// Byte-level JSON helpers: find members of an object and rewrite `metadata` without re-encoding
/// the whole document (objects are stored and fanned out as pre-serialized bytes).
enum JSONBytes {
    /// One `"key": value` member of an object; ranges index into the scanned bytes.
    struct Member {
        var key: String
        var memberStart: Int
        var valueStart: Int
        var valueEnd: Int
    }

    /// Malformed JSON.
    struct ScanError: Error, CustomStringConvertible {
        var description: String
    }

    /// Appends `b[range]` with one memcpy (a generic `append(contentsOf:)` copies byte by byte in debug builds).
    static func append(_ out: inout Data, _ b: [UInt8], _ range: Range<Int>) {
        b.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    static func skipWhitespace(_ b: [UInt8], _ i: inout Int) {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    /// Index just after the JSON value starting at `start`.
    static func skipValue(_ b: [UInt8], _ start: Int) throws -> Int {
        var i = start
        skipWhitespace(b, &i)
        guard i < b.count else { throw ScanError(description: "unexpected end of JSON") }
        switch b[i] {
        case UInt8(ascii: "\""): return try skipString(b, i)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "\""): i = try skipString(b, i); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            throw ScanError(description: "unterminated JSON container")
        default:
            while i < b.count, !",}] \n\r\t".utf8.contains(b[i]) { i += 1 }
            return i
        }
    }

    static func skipString(_ b: [UInt8], _ start: Int) throws -> Int {
        var i = start + 1
        while i < b.count {
            if b[i] == UInt8(ascii: "\\") { i += 2; continue }
            if b[i] == UInt8(ascii: "\"") { return i + 1 }
            i += 1
        }
        throw ScanError(description: "unterminated JSON string")
    }

    /// Members of the object whose `{` is at (or after whitespace from) `start`. With `until`, scanning
    /// stops as soon as the members seen so far satisfy it (the rest of the object is not parsed).
    static func members(_ b: [UInt8], from start: Int, until: (([Member]) -> Bool)? = nil) throws -> [Member] {
        var i = start
        skipWhitespace(b, &i)
        guard i < b.count, b[i] == UInt8(ascii: "{") else { throw ScanError(description: "expected a JSON object") }
        i += 1
        var result: [Member] = []
        while true {
            skipWhitespace(b, &i)
            guard i < b.count else { throw ScanError(description: "unterminated JSON object") }
            if b[i] == UInt8(ascii: "}") { return result }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            guard b[i] == UInt8(ascii: "\"") else { throw ScanError(description: "expected a member name") }
            let keyEnd = try skipString(b, i)
            let key = decodeString(b, i, keyEnd) ?? ""
            var j = keyEnd
            skipWhitespace(b, &j)
            guard j < b.count, b[j] == UInt8(ascii: ":") else { throw ScanError(description: "expected ':'") }
            j += 1
            skipWhitespace(b, &j)
            let valueEnd = try skipValue(b, j)
            result.append(Member(key: key, memberStart: i, valueStart: j, valueEnd: valueEnd))
            if let until, until(result) { return result }
            i = valueEnd
        }
    }

    /// Decodes the JSON string literal in `b[start..<end]` (including its quotes).
    static func decodeString(_ b: [UInt8], _ start: Int, _ end: Int) -> String? {
        let slice = b[(start + 1)..<(end - 1)]
        if !slice.contains(UInt8(ascii: "\\")) { return String(decoding: slice, as: UTF8.self) }
        return (try? JSONSerialization.jsonObject(with: Data(b[start..<end]), options: .fragmentsAllowed)) as? String
    }

    /// The string value of `key` among `members`, if it is a string.
    static func stringValue(_ b: [UInt8], _ members: [Member], _ key: String) -> String? {
        guard let m = members.first(where: { $0.key == key }), b[m.valueStart] == UInt8(ascii: "\"") else { return nil }
        return decodeString(b, m.valueStart, m.valueEnd)
    }

    /// Go's `%q` for plain names: quotes with `"` and `\\` escaped (used inside messages).
    static func goQuote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `s` as a JSON string literal (quotes included), escaping like Go's encoder (`<`, `>`, `&` too).
    static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
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
