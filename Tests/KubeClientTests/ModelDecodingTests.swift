import Foundation
import Testing
@testable import KubeClient

/// A strict caller type, like Diagnosis's Pod: `spec.containers` is not optional.
struct StrictPod: Decodable, Sendable, Equatable {
    struct Meta: Decodable, Sendable, Equatable { var name: String; var namespace: String? }
    struct Spec: Decodable, Sendable, Equatable { var containers: [Container] }
    struct Container: Decodable, Sendable, Equatable { var name: String }
    var metadata: Meta
    var spec: Spec
}

@Suite struct ModelDecodingTests {
    let decoder = JSONDecoder()

    @Test func bookmarkDecodesOnlyRVAndAnnotationsEvenForStrictTypes() throws {
        // Exact bookmark JSON from kubernetes-facts §1.3 / §1.10.
        let line = #"{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"48391","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true"}},"spec":{"containers":null},"status":{}}}"#
        let event = try decoder.decode(WatchEvent<StrictPod>.self, from: Data(line.utf8))
        #expect(event == .bookmark(resourceVersion: "48391", annotations: ["k8s.io/initial-events-end": "true"]))
    }

    @Test func errorEventIsAStatus() throws {
        let line = #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 48210 (48391)","reason":"Expired","code":410}}"#
        let event = try decoder.decode(WatchEvent<StrictPod>.self, from: Data(line.utf8))
        guard case .error(let status) = event else { Issue.record("not an error: \(event)"); return }
        #expect(status.code == 410 && status.isExpired)
        #expect(ErrorMapping.fromWatchStatus(status).kind == .expired)
    }

    @Test func addedCarriesHeaderAndCallerType() throws {
        let line = #"{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"p1","namespace":"ml","uid":"u1","resourceVersion":"10","managedFields":[{"manager":"kubelet"}]},"spec":{"containers":[{"name":"vllm"}]}}}"#
        let event = try decoder.decode(WatchEvent<StrictPod>.self, from: Data(line.utf8))
        guard case .added(let o) = event else { Issue.record("not added"); return }
        #expect(o.header.key == "ml/p1")
        #expect(o.header.resourceVersion == "10")
        #expect(o.object.spec.containers.map(\.name) == ["vllm"])
    }

    @Test func unknownTypeThrows() {
        #expect(throws: UnknownWatchEventType.self) {
            try decoder.decode(WatchEvent<StrictPod>.self, from: Data(#"{"type":"WHAT","object":{}}"#.utf8))
        }
    }

    @Test func listPageWithContinueAndNullItems() throws {
        let body = #"{"kind":"PodList","metadata":{"resourceVersion":"48210","continue":"abc","remainingItemCount":3},"items":null}"#
        let list = try decoder.decode(ObjectList<StrictPod>.self, from: Data(body.utf8))
        #expect(list.metadata.continue == "abc" && list.metadata.resourceVersion == "48210" && list.items.isEmpty)
    }

    @Test func statusWithRetryAfterAndCauses() throws {
        let body = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too large resource version: 9, current: 5","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],"retryAfterSeconds":1},"code":504}"#
        let status = try decoder.decode(Status.self, from: Data(body.utf8))
        #expect(status.isTooLargeResourceVersion)
        #expect(status.details?.retryAfterSeconds == 1)
        #expect(ErrorMapping.fromWatchStatus(status).kind == .resourceVersionTooLarge)
    }

    @Test func leaseRoundTripsAndMicroTimeHasSixDigits() throws {
        let date = Date(timeIntervalSince1970: 1_748_772_302.123456)
        #expect(Lease.microTime(date) == "2025-06-01T10:05:02.123456Z")
        #expect(Lease.microTime(Date(timeIntervalSince1970: 1_748_772_000)) == "2025-06-01T10:00:00.000000Z")
        #expect(CoreEvent.kubeTime(date) == "2025-06-01T10:05:02Z")
        let json = #"{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"restartwatch","namespace":"ops","resourceVersion":"77120"},"spec":{"holderIdentity":"rw-0","leaseDurationSeconds":15,"renewTime":"2025-06-01T10:05:02.123456Z","leaseTransitions":3}}"#
        let lease = try decoder.decode(Lease.self, from: Data(json.utf8))
        #expect(lease.spec.holderIdentity == "rw-0" && lease.metadata.resourceVersion == "77120")
        let again = try decoder.decode(Lease.self, from: JSONEncoder().encode(lease))
        #expect(again == lease)
    }

    @Test func unstructuredJSONReadsByPath() throws {
        let json = #"{"spec":{"replicas":2,"leaderWorkerTemplate":{"size":4}},"metadata":{"name":"lws"}}"#
        let v = try decoder.decode(KubeJSON.self, from: Data(json.utf8))
        #expect(v["spec", "leaderWorkerTemplate", "size"]?.numberValue == 4)
        #expect(v["metadata", "name"]?.stringValue == "lws")
        #expect(v["nope", "x"] == nil)
    }
}
