import Foundation
import Testing
@testable import KubeClient

/// The byte-level JSON reader of the watch path: what it reads, what it skips, what it refuses.
@Suite struct JSONScannerTests {
    func scan<R>(_ text: String, _ body: (inout JSONScanner) throws -> R) throws -> R {
        try JSONScanner.read(Data(text.utf8), body)
    }

    @Test func readsWantedFieldsAndSkipsTheRest() throws {
        let text = #"""
        {"skip":{"a":[1,2,{"b":"}]\"{"}],"c":null},"name":"vllm-0","n":-42,"ok":true,"no":false,"none":null,
         "arr":["x","y"],"after":"[{\"}"}
        """#
        let (name, n, ok, no, none, arr) = try scan(text) { s -> (String?, Int?, Bool?, Bool?, String?, [String?]) in
            var name: String?, n: Int?, ok: Bool?, no: Bool?, none: String? = "unset", arr: [String?] = []
            #expect(try s.beginObject())
            while let key = try s.nextKey() {
                switch key {
                case "name": name = try s.readString()
                case "n": n = try s.readInt()
                case "ok": ok = try s.readBool()
                case "no": no = try s.readBool()
                case "none": none = try s.readString()
                case "arr": arr = try s.readArray { try $0.readString() }
                default: try s.skipValue()
                }
            }
            return (name, n, ok, no, none, arr)
        }
        #expect(name == "vllm-0")
        #expect(n == -42)
        #expect(ok == true)
        #expect(no == false)
        #expect(none == nil)
        #expect(arr == ["x", "y"])
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""tab\tnew\nquote\"slash\/back\\""#, "tab\tnew\nquote\"slash/back\\"),
        (#""\u00e9\u4e2d""#, "é中"),
        (#""\ud83d\ude80 launch""#, "🚀 launch"),
        (#""lone \ud800 surrogate""#, "lone \u{FFFD} surrogate"),
        ("\"raw ünïcödé\"", "raw ünïcödé"),
        (#""ends with backslash \\""#, "ends with backslash \\"),
    ])
    func decodesStringsLikeJSONDecoder(_ json: String, _ expected: String) throws {
        let ours = try scan(json) { try $0.readString() }
        #expect(ours == expected)
        if !json.contains("\\ud800") {
            #expect(try JSONDecoder().decode(String.self, from: Data(json.utf8)) == expected)
        }
    }

    @Test func numbers() throws {
        #expect(try scan("9223372036854775807") { try $0.readInt() } == Int.max)
        #expect(try scan(" -0 ") { try $0.readInt() } == 0)
        #expect(try scan("1.5e3") { try $0.readDouble() } == 1500)
        #expect(throws: JSONScanError.self) { try scan("1.5") { try $0.readInt() } }
        #expect(throws: JSONScanError.self) { try scan("92233720368547758070") { try $0.readInt() } }
        #expect(throws: JSONScanError.self) { try scan("\"7\"") { try $0.readInt() } }
    }

    @Test func keysMatchOnlyExactly() throws {
        let keys = try scan(#"{"name":1,"names":2,"nam":3,"na\u006de":4}"#) { s -> [String] in
            var hits: [String] = []
            _ = try s.beginObject()
            while let key = try s.nextKey() {
                if case "name" = key { hits.append(try key.string()) }
                try s.skipValue()
            }
            return hits
        }
        // The escaped spelling decodes to "name" but is not matched (documented: no Kubernetes field needs escapes).
        #expect(keys == ["name"])
    }

    @Test(arguments: [
        #"{"a":1 "b":2}"#,          // missing comma
        #"{"a" 1}"#,                // missing colon
        #"{"a":1,}"#,               // trailing comma
        #"[1 2]"#,                  // missing comma in an array
        #"{"a":"unterminated}"#,    // string never ends
        #"{"a":{"b":[1,2}"#,        // truncated
        #"{"a":tru}"#,              // bad literal
        #"{"a":1}x"#,               // trailing garbage
        "",                          // nothing
    ])
    func refusesMalformedInput(_ text: String) {
        #expect(throws: JSONScanError.self) {
            try scan(text) { s in
                if text.hasPrefix("[") {
                    _ = try s.readArray { try $0.readInt() }
                } else {
                    _ = try s.beginObject()
                    while try s.nextKey() != nil { try s.skipValue() }
                }
            }
        }
    }

    @Test func errorsSayWhere() {
        let error = #expect(throws: JSONScanError.self) {
            try scan(#"{"a":1 "b":2}"#) { s in
                _ = try s.beginObject()
                while try s.nextKey() != nil { try s.skipValue() }
            }
        }
        #expect(error?.description == "expected ',' or '}' in an object at byte 7")
    }

    @Test func valueBytesHandsOnExactlyOneValue() throws {
        let inner = try scan(#"{"object": {"x":[1,"]"]} , "type":"ADDED"}"#) { s -> String in
            _ = try s.beginObject()
            var out = ""
            while let key = try s.nextKey() {
                if case "object" = key { out = String(decoding: try s.valueBytes(), as: UTF8.self) } else { try s.skipValue() }
            }
            return out
        }
        #expect(inner == #"{"x":[1,"]"]}"#)
    }

    @Test func stringMapsAndNulls() throws {
        let map = try scan(#"{"a":"1","b\"c":"2","n":null}"#) { try $0.readStringMap() }
        #expect(map == ["a": "1", "b\"c": "2", "n": ""])
        #expect(try scan("null") { try $0.readStringMap() } == nil)
        #expect(try scan("null") { try $0.readArray { try $0.readInt() } } == [])
        #expect(try scan("[]") { try $0.readArray { try $0.readInt() } } == [])
        #expect(try scan("{}") { s -> Bool in _ = try s.beginObject(); return try s.nextKey() == nil })
    }
}
