import Foundation
import Testing
@testable import KubeClient

/// Lists are decoded item by item as the body streams in; chunk boundaries must never matter.
@Suite struct ListItemSplitterTests {
    /// Splits `body` into chunks of `size` bytes and returns the items and the list metadata.
    func split(_ body: String, chunk size: Int) throws -> (items: [String], meta: ListMeta) {
        var splitter = ListItemSplitter()
        var items: [String] = []
        let bytes = Array(body.utf8)
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + size)
            try bytes[i..<end].withUnsafeBytes { chunk in
                try splitter.push(chunk) { items.append(String(decoding: $0, as: UTF8.self)) }
            }
            i = end
        }
        return (items, try splitter.finish())
    }

    static let tricky = #"""
    {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"812","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ"},
     "items":[ {"metadata":{"name":"a","annotations":{"x":"}]{[\"\\"}},"spec":{"containers":[{"args":["--x=[1]"]}]}} ,
     {"metadata":{"name":"b"},"status":{}},{}] ,"trailer":{"items":[1]}}
    """#

    @Test func everyChunkSizeGivesTheSameItems() throws {
        let expected = [
            #"{"metadata":{"name":"a","annotations":{"x":"}]{[\"\\"}},"spec":{"containers":[{"args":["--x=[1]"]}]}}"#,
            #"{"metadata":{"name":"b"},"status":{}}"#,
            "{}",
        ]
        for size in [1, 2, 3, 7, 64, 100_000] {
            let (items, meta) = try split(Self.tricky, chunk: size)
            #expect(items == expected, "chunk size \(size)")
            #expect(meta.resourceVersion == "812")
            #expect(meta.continue == "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ")
        }
    }

    @Test func metadataAfterTheItemsAndEmptyOrNullItems() throws {
        let after = try split(#"{"items":[{"a":1}],"metadata":{"resourceVersion":"9"}}"#, chunk: 5)
        #expect(after.items == [#"{"a":1}"#])
        #expect(after.meta.resourceVersion == "9")
        #expect(try split(#"{"metadata":{"resourceVersion":"3"},"items":[]}"#, chunk: 4).items.isEmpty)
        let null = try split(#"{"metadata":{"resourceVersion":"4"},"items":null}"#, chunk: 4)
        #expect(null.items.isEmpty)
        #expect(null.meta.resourceVersion == "4")
    }

    @Test(arguments: [
        #"{"metadata":{},"items":[{"a":1}"#,     // truncated
        #"{"metadata":{},"items":[1,2]}"#,       // items that are not objects
        #"{"metadata":{}}}"#,                     // unbalanced
        "",                                       // nothing at all
    ])
    func brokenBodiesAreRefused(_ body: String) {
        #expect(throws: (any Error).self) { _ = try split(body, chunk: 3) }
    }

    @Test func oversizedItemIsRefusedNotBuffered() throws {
        var splitter = ListItemSplitter(maxItemBytes: 64)
        let body = #"{"items":[{"x":""# + String(repeating: "y", count: 200) + #""}]}"#
        #expect(throws: ListSplitError.self) {
            for chunk in Array(body.utf8).chunked(10) {
                try chunk.withUnsafeBytes { try splitter.push($0) { _ in } }
            }
        }
    }

    /// The corpus's real List documents (pretty-printed, several lines): same items as JSONDecoder.
    @Test func corpusListsSplitLikeJSONDecoderReadsThem() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/cases")
        let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix("pods.json") || $0.hasSuffix("events.json") }
        #expect(files.count >= 20, "corpus lists under \(root.path)")
        for file in files {
            let data = try Data(contentsOf: root.appendingPathComponent(file))
            let whole = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let expected = (whole?["items"] as? [Any]) ?? []
            for size in [13, 4096] {
                let (items, _) = try split(String(decoding: data, as: UTF8.self), chunk: size)
                #expect(items.count == expected.count, "\(file)")
                for (ours, theirs) in zip(items, expected) {
                    let parsed = try JSONSerialization.jsonObject(with: Data(ours.utf8))
                    #expect(NSDictionary(dictionary: parsed as? [String: Any] ?? [:]).isEqual(to: theirs as? [String: Any] ?? [:]), "\(file)")
                }
            }
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min(count, $0 + size)] }
    }
}
