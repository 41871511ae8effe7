import Foundation

/// Splits a LIST response body (`{"kind":…,"metadata":{…},"items":[{…},{…}]}`) into its items as
/// the bytes arrive, so each item is decoded as soon as it is complete and a page is never held
/// whole (issue #6: "decode list items as they stream in; never hold the whole body").
///
/// Only the envelope without the items (a few hundred bytes) and at most one item that spans
/// chunks are kept. Item boundaries are found by tracking nesting and strings byte by byte; the
/// items themselves are checked by whoever decodes them.
struct ListItemSplitter {
    /// The body so far without the items' content: `…"items":[]…`.
    private var envelope: [UInt8] = []
    /// An item begun in an earlier chunk.
    private var pendingItem: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escape = false
    private var inItems = false
    private var inItem = false
    private var sawItems = false
    /// An item (or an envelope) larger than this is refused instead of growing memory.
    let maxItemBytes: Int

    init(maxItemBytes: Int = 64 << 20) { self.maxItemBytes = maxItemBytes }

    /// Feeds the next chunk of the body; `onItem` gets each item completed in it, in order. The
    /// bytes handed to `onItem` are valid only during the call.
    mutating func push(_ chunk: UnsafeRawBufferPointer, _ onItem: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let raw = chunk.baseAddress, chunk.count > 0 else { return }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let n = chunk.count
        var itemStart = inItem ? 0 : -1
        var envelopeStart = inItems ? -1 : 0
        var i = 0
        while i < n {
            let c = base[i]
            if inString {
                if escape {
                    escape = false
                } else if c == UInt8(ascii: "\\") {
                    escape = true
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if inItems && depth == 2 {
                    guard c == UInt8(ascii: "{") else { throw ListSplitError("a list item is not an object") }
                    inItem = true
                    itemStart = i
                }
                depth += 1
                if depth == 2 && !inItems && !sawItems && c == UInt8(ascii: "[") {
                    try appendEnvelope(base, from: envelopeStart, to: i)
                    if Self.endsWithItemsKey(envelope) {
                        inItems = true
                        sawItems = true
                        envelope.append(c)
                        envelopeStart = -1
                    } else {
                        envelopeStart = i
                    }
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                guard depth >= 0 else { throw ListSplitError("unbalanced brackets in the list body") }
                if inItem && depth == 2 {
                    inItem = false
                    if pendingItem.isEmpty {
                        try onItem(UnsafeRawBufferPointer(start: base + itemStart, count: i + 1 - itemStart))
                    } else {
                        try appendItem(base, from: 0, to: i + 1)
                        try pendingItem.withUnsafeBytes { try onItem($0) }
                        pendingItem.removeAll(keepingCapacity: true)
                    }
                    itemStart = -1
                } else if inItems && depth == 1 {
                    inItems = false
                    envelopeStart = i
                }
            default:
                if inItems && !inItem && depth == 2, c != UInt8(ascii: ","), c > 0x20 {
                    throw ListSplitError("a list item is not an object")
                }
            }
            i += 1
        }
        if inItem { try appendItem(base, from: max(itemStart, 0), to: n) }
        if envelopeStart >= 0 { try appendEnvelope(base, from: envelopeStart, to: n) }
    }

    /// After the last chunk: the list's metadata (resourceVersion, continue token).
    func finish() throws -> ListMeta {
        guard depth == 0, !inString, !envelope.isEmpty else { throw ListSplitError("the list body ended early") }
        do {
            return try JSONScanner.read(Data(envelope)) { s in
                guard try s.beginObject() else { throw s.error("expected a list object") }
                var meta = ListMeta()
                while let key = try s.nextKey() {
                    if case "metadata" = key { meta = try ListMeta.scan(&s) } else { try s.skipValue() }
                }
                return meta
            }
        } catch let e as JSONScanError {
            throw ListSplitError("the list body is not a list: \(e)")
        }
    }

    private mutating func appendEnvelope(_ base: UnsafePointer<UInt8>, from: Int, to: Int) throws {
        guard to > from else { return }
        envelope.append(contentsOf: UnsafeBufferPointer(start: base + from, count: to - from))
        guard envelope.count <= maxItemBytes else { throw ListSplitError("the list body has no items array within \(maxItemBytes) bytes") }
    }

    private mutating func appendItem(_ base: UnsafePointer<UInt8>, from: Int, to: Int) throws {
        guard to > from else { return }
        pendingItem.append(contentsOf: UnsafeBufferPointer(start: base + from, count: to - from))
        guard pendingItem.count <= maxItemBytes else { throw ListSplitError("a list item is larger than \(maxItemBytes) bytes") }
    }

    /// True when `bytes` ends with `"items"` and a colon (whitespace allowed around the colon).
    static func endsWithItemsKey(_ bytes: [UInt8]) -> Bool {
        var i = bytes.count - 1
        func skipSpace() { while i >= 0, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i -= 1 } }
        skipSpace()
        guard i >= 0, bytes[i] == UInt8(ascii: ":") else { return false }
        i -= 1
        skipSpace()
        let key = Array("\"items\"".utf8)
        guard i + 1 >= key.count else { return false }
        return Array(bytes[(i + 1 - key.count)...i]) == key
    }
}

/// A LIST body that cannot be split into items.
struct ListSplitError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
