import Diagnosis
import Foundation
import KubeClient
import Testing
@testable import RestartWatch

/// The watch path's scanners must read exactly what JSONDecoder reads of the same fields: checked
/// over the corpus's real objects and the benchmark's generated pods and events.
@Suite struct ScannedDecodingTests {
    /// What `WatchedPod` keeps of a fully decoded pod.
    static func projected(_ pod: Pod) -> Pod {
        var meta = Diagnosis.ObjectMeta(name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid)
        let controllers = (pod.metadata.ownerReferences ?? []).filter { $0.controller == true }
        meta.ownerReferences = controllers.isEmpty ? nil : controllers
        let status = pod.status.map { s in
            PodStatus(phase: s.phase, reason: s.reason,
                      containerStatuses: s.containerStatuses?.map(slim), initContainerStatuses: s.initContainerStatuses?.map(slim))
        }
        return Pod(metadata: meta, spec: nil, status: status)
    }

    static func slim(_ c: ContainerStatus) -> ContainerStatus {
        ContainerStatus(name: c.name, ready: c.ready, started: c.started, restartCount: c.restartCount, state: c.state, lastState: c.lastState)
    }

    static func scanned(_ object: Data) throws -> KubeObject<WatchedPod> {
        try object.withUnsafeBytes { try ObjectDecoding<WatchedPod>.scanned.item($0) }
    }

    static func corpusItems(_ file: String) throws -> [(String, Data)] {
        let root = TestPaths.corpus.appendingPathComponent("cases")
        let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(file) }.sorted()
        var out: [(String, Data)] = []
        for f in files {
            let list = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(f))) as? [String: Any]
            for item in list?["items"] as? [Any] ?? [] { out.append((f, try JSONSerialization.data(withJSONObject: item))) }
        }
        return out
    }

    @Test func corpusPodsReadLikeJSONDecoder() throws {
        let items = try Self.corpusItems("pods.json")
        #expect(items.count >= 25)
        for (file, data) in items {
            let full = try JSONDecoder().decode(Pod.self, from: data)
            let ours = try Self.scanned(data)
            #expect(ours.object.pod == Self.projected(full), "\(file) \(full.name)")
            #expect(ours.header.name == full.name)
            #expect(ours.header.resourceVersion == full.metadata.resourceVersion)
        }
    }

    @Test func generatedPodsReadLikeJSONDecoder() throws {
        let g = PodGenerator()
        for i in 0..<50 {
            for healthy in [false, true] {
                let data = g.pod(i, version: i % 4, healthy: healthy)
                let full = try JSONDecoder().decode(Pod.self, from: data)
                let ours = try Self.scanned(data)
                #expect(ours.object.pod == Self.projected(full))
                #expect(ours.header == (try JSONDecoder().decode(ObjectHeader.self, from: data)).withoutAnnotations)
            }
        }
    }

    @Test func corpusAndGeneratedEventsReadLikeJSONDecoder() throws {
        var items = try Self.corpusItems("events.json")
        #expect(items.count >= 10)
        let g = PodGenerator()
        items += (0..<25).map { ("generated", EventGenerator.event($0, pod: $0 * 3, generator: g)) }
        for (file, data) in items {
            var full = try JSONDecoder().decode(EventRecord.self, from: data)
            full.metadata = full.metadata.map { Diagnosis.ObjectMeta(name: $0.name, namespace: $0.namespace, uid: $0.uid, resourceVersion: $0.resourceVersion) }
            let ours = try data.withUnsafeBytes { try ObjectDecoding<WatchedEvent>.scanned.item($0) }.object.event
            #expect(ours == full, "\(file)")
        }
    }

    @Test func watchLinesOfEveryType() throws {
        let pod = String(decoding: PodGenerator().pod(7, version: 2), as: UTF8.self)
        let added = try WatchEvent<WatchedPod>.scan(Data(#"{"type":"ADDED","object":\#(pod)}"#.utf8))
        guard case .added(let a) = added else { Issue.record("not ADDED: \(added)"); return }
        #expect(a.object.pod.status?.containerStatuses?.first?.restartCount == 2)
        // `object` before `type` is legal JSON and must work too.
        guard case .deleted = try WatchEvent<WatchedPod>.scan(Data(#"{"object":\#(pod),"type":"DELETED"}"#.utf8)) else {
            Issue.record("not DELETED"); return
        }
        let bookmark = try WatchEvent<WatchedPod>.scan(Data(#"""
            {"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12345",
             "annotations":{"k8s.io/initial-events-end":"true"}},"spec":{"containers":null},"status":{}}}
            """#.utf8))
        #expect(bookmark == .bookmark(resourceVersion: "12345", annotations: ["k8s.io/initial-events-end": "true"]))
        let error = try WatchEvent<WatchedPod>.scan(Data(#"""
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"too old resource version: 1 (2)","reason":"Expired","code":410}}
            """#.utf8))
        guard case .error(let status) = error else { Issue.record("not ERROR"); return }
        #expect(status.code == 410 && status.reason == "Expired")
        #expect(throws: UnknownWatchEventType.self) { try WatchEvent<WatchedPod>.scan(Data(#"{"type":"WHAT","object":{}}"#.utf8)) }
        #expect(throws: JSONScanError.self) { try WatchEvent<WatchedPod>.scan(Data(#"{"type":"ADDED","object":{"metadata":"#.utf8)) }
    }
}

extension ObjectHeader {
    var withoutAnnotations: ObjectHeader { ObjectHeader(name: name, namespace: namespace, uid: uid, resourceVersion: resourceVersion) }
}
