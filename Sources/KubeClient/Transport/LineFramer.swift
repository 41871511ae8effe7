import Foundation

/// Splits a byte stream into lines: accumulates bytes, cuts on `\n` with `memchr` over raw
/// buffers, keeps the partial last line for the next chunk and strips a trailing `\r`.
///
/// Why not `Data.firstIndex(of:)` + `removeSubrange`: measured 2.5× slower end to end
/// (swift-libcurl-notes §2). Why newline framing is enough: the apiserver's JSON framer writes
/// one object per line, but one HTTP chunk can hold several events or part of one
/// (kubernetes-facts §1.2), so chunk boundaries mean nothing.
public struct LineFramer: Sendable {
    private var pending: [UInt8] = []
    /// True while skipping the rest of an oversized line.
    private var discarding = false
    /// A line longer than this is dropped (and counted) instead of growing memory without limit.
    public let maxLineBytes: Int
    public private(set) var oversizedLines = 0

    public init(maxLineBytes: Int = 64 << 20) { self.maxLineBytes = maxLineBytes }

    /// Feeds a chunk and returns the complete lines it finished, without their `\n`/`\r\n`.
    public mutating func push(_ chunk: UnsafeRawBufferPointer) -> [Data] {
        var lines: [Data] = []
        guard let base = chunk.baseAddress, chunk.count > 0 else { return lines }
        var start = 0
        while start < chunk.count {
            let remaining = chunk.count - start
            guard let hit = memchr(base + start, 0x0A, remaining) else {
                appendPending(UnsafeRawBufferPointer(start: base + start, count: remaining))
                break
            }
            let end = base.distance(to: UnsafeRawPointer(hit))
            let piece = UnsafeRawBufferPointer(start: base + start, count: end - start)
            if discarding {
                discarding = false
            } else if pending.isEmpty {
                if piece.count <= maxLineBytes { lines.append(Self.line(piece)) } else { oversizedLines += 1 }
            } else {
                appendPending(piece)
                if !discarding { pending.withUnsafeBytes { lines.append(Self.line($0)) } }
                discarding = false
                pending.removeAll(keepingCapacity: pending.capacity <= 1 << 20)
            }
            start = end + 1
        }
        return lines
    }

    public mutating func push(_ data: Data) -> [Data] {
        data.withUnsafeBytes { push($0) }
    }

    /// The unterminated tail, if any (a stream that ends without a final `\n`); resets the framer.
    public mutating func finish() -> Data? {
        defer { pending.removeAll(); discarding = false }
        guard !pending.isEmpty, !discarding else { return nil }
        return pending.withUnsafeBytes { Self.line($0) }
    }

    /// Bytes held for an incomplete line.
    public var bufferedBytes: Int { pending.count }

    private mutating func appendPending(_ bytes: UnsafeRawBufferPointer) {
        guard !discarding else { return }
        if pending.count + bytes.count > maxLineBytes {
            oversizedLines += 1
            discarding = true
            pending.removeAll()
            return
        }
        pending.append(contentsOf: bytes)
    }

    private static func line(_ bytes: UnsafeRawBufferPointer) -> Data {
        var count = bytes.count
        if count > 0, bytes[count - 1] == 0x0D { count -= 1 }
        guard count > 0, let base = bytes.baseAddress else { return Data() }
        return Data(bytes: base, count: count)
    }
}
