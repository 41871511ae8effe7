import Foundation
import Testing
@testable import ClusterSim

@Suite struct NormalizerTests {
    static let pods = ResourceCatalog.builtIn[0]
    static let identity = ObjectNormalizer.Identity(name: "p", namespace: "ml", uid: "u-1", creationTimestamp: "2025-06-01T10:00:00Z")

    func normalize(_ json: String) throws -> String {
        String(decoding: try ObjectNormalizer.normalize(Data(json.utf8), resource: Self.pods, defaults: Self.identity, rv: 42).data,
               as: UTF8.self)
    }

    @Test func fillsMissingFieldsAndReplacesResourceVersion() throws {
        let out = try normalize(#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","resourceVersion":"7","creationTimestamp":null},"spec":{"containers":[{"name":"a<b"}]},"status":{}}"#)
        #expect(out == #"{"kind":"Pod","apiVersion":"v1","metadata":{"namespace":"ml","uid":"u-1","name":"p","resourceVersion":"42","creationTimestamp":"2025-06-01T10:00:00Z"},"spec":{"containers":[{"name":"a<b"}]},"status":{}}"#)
    }

    @Test func addsKindApiVersionAndMetadataWhenAbsent() throws {
        let out = try normalize(#"{ "spec" : {"x":"}{\"]"} }"#)
        let obj = Fixtures.object(Data(out.utf8))
        #expect(obj["kind"] as? String == "Pod")
        #expect(obj["apiVersion"] as? String == "v1")
        #expect(Fixtures.rv(obj) == "42")
        #expect(((obj["spec"] as? [String: Any])?["x"] as? String) == "}{\"]")
        #expect(try normalize("{}").hasPrefix(#"{"kind":"Pod","apiVersion":"v1","metadata":{"#))
    }

    @Test func metadataAfterSpecAndRestamping() throws {
        let out = try normalize(#"{"spec":{},"metadata":{"name":"p","uid":"keep"},"kind":"Pod","apiVersion":"v1","status":{"phase":"Running"}}"#)
        let obj = Fixtures.object(Data(out.utf8))
        #expect((obj["metadata"] as? [String: Any])?["uid"] as? String == "keep")
        #expect((obj["status"] as? [String: Any])?["phase"] as? String == "Running")
        let stored = try ObjectNormalizer.normalize(Data(out.utf8), resource: Self.pods, defaults: Self.identity, rv: 50)
        #expect(Fixtures.rv(Fixtures.object(stored.restamped(resourceVersion: 51).data)) == "51")
        #expect(throws: (any Error).self) { try normalize(#"{"kind":"Pod""#) }
    }

    @Test func listItemsDropTypeMeta() {
        func strip(_ s: String) -> String { String(decoding: ObjectNormalizer.withoutTypeMeta(Data(s.utf8)), as: UTF8.self) }
        #expect(strip(#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{}}"#) == #"{"metadata":{"name":"p"},"spec":{}}"#)
        #expect(strip(#"{"metadata":{"name":"p"},"kind":"Pod","spec":{}}"#) == #"{"metadata":{"name":"p"},"spec":{}}"#)
        #expect(strip(#"{"kind":"Pod","apiVersion":"v1"}"#) == "{}")
    }
}
