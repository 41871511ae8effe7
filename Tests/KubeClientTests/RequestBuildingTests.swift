import Foundation
import Testing
@testable import KubeClient

@Suite struct RequestBuildingTests {
    @Test func paths() {
        #expect(Resource.pods.path(namespace: nil) == "/api/v1/pods")
        #expect(Resource.pods.path(namespace: "ml", name: "p", subresource: "log") == "/api/v1/namespaces/ml/pods/p/log")
        #expect(Resource.leases.path(namespace: "ops", name: "rw") == "/apis/coordination.k8s.io/v1/namespaces/ops/leases/rw")
        #expect(Resource.deployments.description == "deployments.apps")
        #expect(Resource(group: "x.io", version: "v1", plural: "things", namespaced: false).path(namespace: "ignored")
                == "/apis/x.io/v1/things")
    }

    @Test func listQueryHasLimitAndContinueButNoWatchParameters() {
        let r = Requests.list(.pods, namespace: "ml", options: ListOptions(
            labelSelector: "app=llama,tier in (a,b)", resourceVersion: "0", limit: 500, continueToken: "tok/+=",
            timeoutSeconds: nil, allowWatchBookmarks: true))
        #expect(r.pathAndQuery == "/api/v1/namespaces/ml/pods?labelSelector=app%3Dllama%2Ctier%20in%20%28a%2Cb%29&resourceVersion=0&limit=500&continue=tok%2F%2B%3D")
        #expect(r.action.description == #"list pods in namespace "ml""#)
    }

    @Test func watchQueryMatchesTheDocumentedExample() {
        // kubernetes-facts §1.6 request line.
        let r = Requests.watch(.pods, namespace: "ml", options: ListOptions(
            resourceVersion: "48210", limit: 500, continueToken: "x", timeoutSeconds: 420, allowWatchBookmarks: true))
        #expect(r.pathAndQuery == "/api/v1/namespaces/ml/pods?resourceVersion=48210&timeoutSeconds=420&allowWatchBookmarks=true&watch=true")
        #expect(r.totalTimeoutSeconds == 450)
        #expect(r.action.description == #"watch pods in namespace "ml""#)
    }

    @Test func emptyResourceVersionIsNotSent() {
        let r = Requests.watch(.pods, namespace: nil, options: ListOptions(resourceVersion: ""))
        #expect(r.pathAndQuery == "/api/v1/pods?watch=true")
        #expect(r.totalTimeoutSeconds == .infinity)
        #expect(r.action.description == "watch pods in all namespaces")
    }

    @Test func logsQuery() {
        let r = Requests.logs(namespace: "ml", pod: "p", options: LogOptions(
            container: "vllm", previous: true, tailLines: 200, limitBytes: 65536, sinceSeconds: 0))
        #expect(r.pathAndQuery == "/api/v1/namespaces/ml/pods/p/log?container=vllm&previous=true&tailLines=200&limitBytes=65536&sinceSeconds=1")
        #expect(r.action.description == #"get pods/log "p" in namespace "ml""#)
    }

    @Test func serverWithPathPrefixAndTrailingSlash() {
        let r = Requests.get(.pods, namespace: "ml", name: "p")
        #expect(r.url(server: "https://proxy.example/k8s/") == "https://proxy.example/k8s/api/v1/namespaces/ml/pods/p")
    }

    @Test func createEventTargetsTheEventNamespace() throws {
        let e = CoreEvent(metadata: ObjectMeta(name: "p.1", namespace: "ml"),
                          involvedObject: ObjectReference(apiVersion: "v1", kind: "Pod", namespace: "ml", name: "p"),
                          reason: "LivenessKillLoop", message: "m", type: "Warning",
                          source: EventSource(component: "restartwatch"), reportingComponent: "restartwatch",
                          reportingInstance: "rw-0")
        let r = try Requests.createEvent(e)
        #expect(r.method == .post && r.path == "/api/v1/namespaces/ml/events")
        let body = try JSONSerialization.jsonObject(with: #require(r.body)) as? [String: Any]
        #expect(body?["kind"] as? String == "Event")
        #expect(body?["reportingComponent"] as? String == "restartwatch")
        #expect(body?["eventTime"] == nil)
    }

    @Test func eventAboutAPodHasKubeletStyleNameAndLegacyShape() throws {
        let e = CoreEvent.about(podNamespace: "ml", podName: "llama-0", podUID: "u1", fieldPath: "spec.containers{vllm}",
                                type: "Warning", reason: "LivenessKillLoop", message: String(repeating: "x", count: 2000),
                                component: "restartwatch", instance: "rw-0", at: Date(timeIntervalSince1970: 1_748_772_300.5))
        #expect(e.metadata.name == "llama-0.\(String(UInt64(1_748_772_300_500_000_000), radix: 16))")
        #expect(e.metadata.namespace == "ml" && e.involvedObject.namespace == "ml" && e.involvedObject.uid == "u1")
        #expect(e.firstTimestamp == "2025-06-01T10:05:00Z" && e.message.count == 1024)
        #expect(try Requests.createEvent(e).path == "/api/v1/namespaces/ml/events")
    }
}
