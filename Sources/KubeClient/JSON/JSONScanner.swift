import Foundation

/// A forward-only reader over one JSON document in memory that builds only what its caller asks
/// for. Keys are compared as raw bytes, values the caller does not want are skipped without being
/// materialised (`managedFields`, the spec, labels…), and nothing is allocated for them.
///
/// Why not JSONDecoder on the watch path: it builds every key and value of a ~9 KB pod to hand
/// out the few hundred bytes a restart detector reads; measured on this machine it tops out at
/// 58–85 MB/s on such pods, while skipping runs at memory speed (issue #6, BENCHMARKS.md).
///
/// Strictness: what is read is checked (structure, separators, string escapes, UTF-8 via
/// `String(decoding:)` repair, number syntax); a skipped value is checked for balanced brackets
/// and terminated strings only. Keys with escape sequences never equal a plain pattern (no
/// Kubernetes field name needs one). A scanner is valid only inside the `withUnsafeBytes` scope of
/// the buffer it reads; `JSONScanner.read(_:_:)` makes that scope.
public struct JSONScanner {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let end: Int
    /// Offset of the next unread byte.
    public private(set) var offset: Int
    /// True right after `{` or `[`: the first key or element needs no comma.
    @usableFromInline var justOpened = false

    public init(_ buffer: UnsafeRawBufferPointer) {
        if let b = buffer.baseAddress, buffer.count > 0 {
            base = b.assumingMemoryBound(to: UInt8.self)
            end = buffer.count
        } else {
            base = JSONScanner.emptyByte
            end = 0
        }
        offset = 0
    }

    nonisolated(unsafe) private static let emptyByte: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    /// Runs `body` over the bytes of `data` and checks that only whitespace follows what it read.
    public static func read<R>(_ data: Data, _ body: (inout JSONScanner) throws -> R) throws -> R {
        try data.withUnsafeBytes { raw in
            var s = JSONScanner(raw)
            let result = try body(&s)
            try s.expectEnd()
            return result
        }
    }

    // MARK: Structure

    /// Consumes `{` and returns true, or consumes `null` and returns false.
    public mutating func beginObject() throws -> Bool {
        switch try peekSignificant() {
        case UInt8(ascii: "{"): offset += 1; justOpened = true; return true
        case UInt8(ascii: "n"): try literal("null"); return false
        default: throw error("expected an object")
        }
    }

    /// The next key of the object being read, its `:` consumed; nil after the closing `}`.
    public mutating func nextKey() throws -> JSONKey? {
        var c = try peekSignificant()
        if c == UInt8(ascii: "}") {
            offset += 1
            justOpened = false
            return nil
        }
        if justOpened {
            justOpened = false
        } else {
            guard c == UInt8(ascii: ",") else { throw error("expected ',' or '}' in an object") }
            offset += 1
            c = try peekSignificant()
        }
        guard c == UInt8(ascii: "\"") else { throw error("expected a key") }
        let (start, count, escaped) = try stringExtent()
        guard try peekSignificant() == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
        offset += 1
        return JSONKey(start: base + start, count: count, escaped: escaped)
    }

    /// Consumes `[` and returns true, or consumes `null` and returns false.
    public mutating func beginArray() throws -> Bool {
        switch try peekSignificant() {
        case UInt8(ascii: "["): offset += 1; justOpened = true; return true
        case UInt8(ascii: "n"): try literal("null"); return false
        default: throw error("expected an array")
        }
    }

    /// True when another element of the array being read follows (its comma consumed); false
    /// after the closing `]`.
    public mutating func nextElement() throws -> Bool {
        let c = try peekSignificant()
        if c == UInt8(ascii: "]") {
            offset += 1
            justOpened = false
            return false
        }
        if justOpened {
            justOpened = false
            return true
        }
        guard c == UInt8(ascii: ",") else { throw error("expected ',' or ']' in an array") }
        offset += 1
        return true
    }

    /// Reads every element of an array (null: none) with `element`.
    public mutating func readArray<E>(_ element: (inout JSONScanner) throws -> E) throws -> [E] {
        guard try beginArray() else { return [] }
        var out: [E] = []
        while try nextElement() { out.append(try element(&self)) }
        return out
    }

    /// Consumes `null` if it is next.
    public mutating func skipNull() throws -> Bool {
        guard try peekSignificant() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// The kind of the next value, without consuming it.
    public mutating func peekKind() throws -> JSONValueKind {
        switch try peekSignificant() {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .number
        }
    }

    // MARK: Scalars

    /// A string, or nil for `null`.
    public mutating func readString() throws -> String? {
        let c = try peekSignificant()
        if c == UInt8(ascii: "n") { try literal("null"); return nil }
        guard c == UInt8(ascii: "\"") else { throw error("expected a string") }
        let (start, count, escaped) = try stringExtent()
        let raw = UnsafeBufferPointer(start: base + start, count: count)
        return escaped ? try JSONScanner.unescape(raw, at: start) : String(decoding: raw, as: UTF8.self)
    }

    /// The raw bytes of a string value (escapes not decoded), or nil for `null`; valid while the
    /// buffer is. For values parsed straight from bytes (timestamps).
    public mutating func readRawString() throws -> UnsafeBufferPointer<UInt8>? {
        let c = try peekSignificant()
        if c == UInt8(ascii: "n") { try literal("null"); return nil }
        guard c == UInt8(ascii: "\"") else { throw error("expected a string") }
        let (start, count, _) = try stringExtent()
        return UnsafeBufferPointer(start: base + start, count: count)
    }

    /// A whole number, or nil for `null`. Fractions and exponents are refused (Kubernetes
    /// integers never have them); values beyond Int64 are refused.
    public mutating func readInt() throws -> Int? {
        let c = try peekSignificant()
        if c == UInt8(ascii: "n") { try literal("null"); return nil }
        var i = offset
        let negative = c == UInt8(ascii: "-")
        if negative { i += 1 }
        let digitsStart = i
        var value = 0
        while i < end, base[i] &- 48 < 10 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(base[i] &- 48))
            guard !o1, !o2 else { throw error("integer out of range") }
            value = a
            i += 1
        }
        guard i > digitsStart else { throw error("expected a number") }
        if i < end, base[i] == UInt8(ascii: ".") || base[i] | 0x20 == UInt8(ascii: "e") {
            throw error("expected a whole number")
        }
        offset = i
        return negative ? -value : value
    }

    /// Any number as a Double, or nil for `null`.
    public mutating func readDouble() throws -> Double? {
        let c = try peekSignificant()
        if c == UInt8(ascii: "n") { try literal("null"); return nil }
        let start = offset
        var i = offset
        while i < end, JSONScanner.isNumberByte(base[i]) { i += 1 }
        guard i > start, i - start < 64 else { throw error("expected a number") }
        var text = [CChar](repeating: 0, count: i - start + 1)
        for k in 0..<(i - start) { text[k] = CChar(bitPattern: base[start + k]) }
        let (value, used) = text.withUnsafeMutableBufferPointer { buf -> (Double, Int) in
            var stop: UnsafeMutablePointer<CChar>?
            let v = strtod(buf.baseAddress!, &stop)
            return (v, stop.map { $0 - buf.baseAddress! } ?? 0)
        }
        guard used == i - start else { throw error("malformed number") }
        offset = i
        return value
    }

    /// A boolean, or nil for `null`.
    public mutating func readBool() throws -> Bool? {
        switch try peekSignificant() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        case UInt8(ascii: "n"): try literal("null"); return nil
        default: throw error("expected true or false")
        }
    }

    /// A string-to-string map (labels, annotations), or nil for `null`.
    public mutating func readStringMap() throws -> [String: String]? {
        guard try beginObject() else { return nil }
        var out: [String: String] = [:]
        while let key = try nextKey() { out[try key.string()] = try readString() ?? "" }
        return out
    }

    // MARK: Skipping

    /// Skips one value of any kind, checking only that brackets balance and strings end.
    public mutating func skipValue() throws {
        let c = try peekSignificant()
        switch c {
        case UInt8(ascii: "\""):
            _ = try stringExtent(checkEscapes: false)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            let start = offset
            while offset < end, JSONScanner.isNumberByte(base[offset]) { offset += 1 }
            guard offset > start else { throw error("expected a value") }
        }
    }

    /// The bytes of the next value (skipped), for handing to another decoder.
    public mutating func valueBytes() throws -> UnsafeRawBufferPointer {
        _ = try peekSignificant()
        let start = offset
        try skipValue()
        return UnsafeRawBufferPointer(start: base + start, count: offset - start)
    }

    private mutating func skipContainer() throws {
        var depth = 0
        var i = offset
        while i < end {
            let c = base[i]
            if c == UInt8(ascii: "\"") {
                offset = i
                _ = try stringExtent(checkEscapes: false)
                i = offset
                continue
            }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    offset = i + 1
                    return
                }
            }
            i += 1
        }
        offset = end
        throw error("unterminated object or array")
    }

    /// At an opening quote: consumes the string and returns where its content starts, how long it
    /// is and whether it holds escapes.
    private mutating func stringExtent(checkEscapes: Bool = true) throws -> (start: Int, count: Int, escaped: Bool) {
        let start = offset + 1
        var i = start
        while true {
            // memchr finds the next quote at memory speed; a quote preceded by an odd number of
            // backslashes is part of the string.
            guard i < end, let hit = memchr(base + i, Int32(UInt8(ascii: "\"")), end - i) else {
                offset = end
                throw error("unterminated string")
            }
            let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            var backslashes = 0
            while q - 1 - backslashes >= start, base[q - 1 - backslashes] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 {
                offset = q + 1
                return (start, q - start, checkEscapes && memchr(base + start, Int32(UInt8(ascii: "\\")), q - start) != nil)
            }
            i = q + 1
        }
    }

    // MARK: Helpers

    /// Skips whitespace and returns the next byte without consuming it.
    @inline(__always)
    mutating func peekSignificant() throws -> UInt8 {
        while offset < end {
            let c = base[offset]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { offset += 1; continue }
            return c
        }
        throw error("unexpected end of input")
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard offset + n <= end, memcmp(base + offset, word.utf8Start, n) == 0 else { throw error("expected \(word)") }
        offset += n
    }

    /// Only whitespace may follow.
    public mutating func expectEnd() throws {
        while offset < end {
            let c = base[offset]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { throw error("unexpected data after the value") }
            offset += 1
        }
    }

    @inline(__always)
    static func isNumberByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
            || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
    }

    func error(_ expected: String) -> JSONScanError { JSONScanError(offset: offset, message: expected) }

    /// Decodes a string body with escapes (`\n`, `\uXXXX`, surrogate pairs).
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>, at position: Int) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func fail(_ m: String) -> JSONScanError { JSONScanError(offset: position + i, message: m) }
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= raw.count else { throw fail("short \\u escape") }
            var v: UInt32 = 0
            for k in at..<(at + 4) {
                let c = raw[k]
                let d: UInt8
                switch c {
                case 48...57: d = c - 48
                case 65...70: d = c - 55
                case 97...102: d = c - 87
                default: throw fail("bad \\u escape")
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while i < raw.count {
            let c = raw[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            guard i + 1 < raw.count else { throw fail("dangling backslash") }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") {
                    let low = try hex4(i + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                // A lone surrogate becomes U+FFFD, as Go's decoder does.
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: String(Character(u)).utf8)
            default: throw fail("bad escape \\\(Character(Unicode.Scalar(e)))")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The kinds of JSON value.
public enum JSONValueKind: Sendable, Equatable {
    case object, array, string, number, bool, null
}

/// A key as it appears in the buffer; match it against literal field names with `case "name":`.
public struct JSONKey {
    let start: UnsafePointer<UInt8>
    let count: Int
    let escaped: Bool

    /// The key decoded (escapes included).
    public func string() throws -> String {
        let raw = UnsafeBufferPointer(start: start, count: count)
        return escaped ? try JSONScanner.unescape(raw, at: 0) : String(decoding: raw, as: UTF8.self)
    }

    public static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        !key.escaped && pattern.utf8CodeUnitCount == key.count && memcmp(pattern.utf8Start, key.start, key.count) == 0
    }
}

/// Where and why a document could not be read.
public struct JSONScanError: Error, CustomStringConvertible, Sendable {
    public var offset: Int
    public var message: String
    public var description: String { "\(message) at byte \(offset)" }
}
