import Foundation
import Testing
@testable import KubeClient

@Suite struct LineFramerTests {
    /// A multi-event sample with CRLF, an empty line, a bookmark and an unterminated tail.
    static let sample = Array((
        #"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}"# + "\n"
        + #"{"type":"MODIFIED","object":{"metadata":{"name":"b","resourceVersion":"6"}}}"# + "\r\n"
        + "\n"
        + #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}"# + "\n"
        + #"{"type":"DELETED","object":{"metadata":{"name":"a"}}}"#
    ).utf8)

    static let expected: [String] = [
        #"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}"#,
        #"{"type":"MODIFIED","object":{"metadata":{"name":"b","resourceVersion":"6"}}}"#,
        "",
        #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}"#,
    ]
    static let tail = #"{"type":"DELETED","object":{"metadata":{"name":"a"}}}"#

    private func run(_ chunks: [ArraySlice<UInt8>]) -> (lines: [String], tail: String?) {
        var framer = LineFramer()
        var lines: [String] = []
        for chunk in chunks {
            lines += chunk.withUnsafeBytes { framer.push($0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        return (lines, framer.finish().map { String(decoding: $0, as: UTF8.self) })
    }

    @Test func wholeStreamInOneChunk() {
        let r = run([Self.sample[...]])
        #expect(r.lines == Self.expected)
        #expect(r.tail == Self.tail)
    }

    @Test func everyPairOfCutPointsGivesTheSameLines() {
        let s = Self.sample
        var failures = 0
        for i in 0...s.count {
            for j in i...s.count {
                let r = run([s[0..<i], s[i..<j], s[j..<s.count]])
                if r.lines != Self.expected || r.tail != Self.tail { failures += 1 }
            }
        }
        #expect(failures == 0)
    }

    @Test func byteAtATime() {
        let r = run(Self.sample.indices.map { Self.sample[$0...$0] })
        #expect(r.lines == Self.expected)
        #expect(r.tail == Self.tail)
    }

    @Test func oversizedLineIsDroppedAndCountedThenFramingResumes() {
        var framer = LineFramer(maxLineBytes: 8)
        var lines = framer.push(Data("0123".utf8))
        lines += framer.push(Data("456789ABCDEF\nok\n".utf8))
        lines += framer.push(Data("this-is-too-long\nfine\n".utf8))
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["ok", "fine"])
        #expect(framer.oversizedLines == 2)
        #expect(framer.bufferedBytes == 0)
    }

    @Test func partialLineIsHeldNotEmitted() {
        var framer = LineFramer()
        #expect(framer.push(Data("abc".utf8)).isEmpty)
        #expect(framer.bufferedBytes == 3)
        #expect(framer.push(Data("d\r".utf8)).isEmpty)
        #expect(framer.push(Data("\n".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["abcd"])
        #expect(framer.finish() == nil)
    }
}
