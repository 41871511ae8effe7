import Foundation
import Testing
@testable import Diagnosis

/// LogBlocks framing and EvidenceAssembler matching, as `scan --from DIR` uses them.
@Suite struct InputAssemblyTests {
    @Test func parsesSeveralKubectlBlocks() {
        let text = """
        ==== START logs for container vllm of pod ml/llama-0 ====
        INFO starting
        model-00001-of-00004.safetensors:  13% 650M/4.98G
        ==== END logs for container vllm of pod ml/llama-0 ====
        ==== START logs for container sidecar of pod ml/llama-0 ====

        ok
        ==== END logs for container sidecar of pod ml/llama-0 ====
        ==== START logs for container vllm of pod other/x-1 ====
        cut off
        """
        let blocks = LogBlocks.parse(text)
        #expect(blocks.count == 3)
        #expect(blocks[0] == LogBlock(namespace: "ml", pod: "llama-0", container: "vllm",
                                      lines: ["INFO starting", "model-00001-of-00004.safetensors:  13% 650M/4.98G"]))
        #expect(blocks[1].lines == ["", "ok"])
        #expect(blocks[2].namespace == "other" && blocks[2].pod == "x-1" && blocks[2].lines == ["cut off"])
        #expect(LogBlocks.parse("no framing here\n").isEmpty)
    }

    @Test func matchesEventsByNamespaceNameAndUID() {
        let pod = Pod(metadata: ObjectMeta(name: "p", namespace: "ml", uid: "u1"), spec: PodSpec(containers: [Container(name: "c")]))
        func ev(_ ns: String?, _ name: String, _ uid: String?, kind: String? = "Pod") -> EventRecord {
            EventRecord(involvedObject: ObjectReference(kind: kind, namespace: ns, name: name, uid: uid), reason: "Unhealthy",
                        message: "Liveness probe failed: x")
        }
        let events = [ev("ml", "p", "u1"), ev("ml", "p", nil), ev("ml", "p", "u0"), ev("other", "p", "u1"), ev("ml", "q", nil),
                      ev("ml", "p", nil, kind: "ReplicaSet")]
        let e = EvidenceAssembler.assemble(pods: [pod], events: events, observedAt: KubeTime(seconds: 0))
        #expect(e.count == 1)
        #expect(e[0].events.count == 2) // same uid, and no uid; not a recreated pod's, another namespace's or another kind's
    }

    @Test func attachesLogsAndResolvesOwnerChain() {
        let pod = Pod(metadata: ObjectMeta(name: "llama-6c9f-x", namespace: "ml",
                                           ownerReferences: [OwnerReference(kind: "ReplicaSet", name: "llama-6c9f", uid: "rs1", controller: true)]),
                      spec: PodSpec(containers: [Container(name: "vllm")]))
        let rs = OwnerObject(apiVersion: "apps/v1", kind: "ReplicaSet", metadata: ObjectMeta(name: "llama-6c9f", namespace: "ml", uid: "rs1",
            ownerReferences: [OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "llama", uid: "d1", controller: true)]))
        let dep = OwnerObject(apiVersion: "apps/v1", kind: "Deployment", metadata: ObjectMeta(name: "llama", namespace: "ml", uid: "d1"))
        let staleRS = OwnerObject(kind: "ReplicaSet", metadata: ObjectMeta(name: "llama-6c9f", namespace: "ml", uid: "old"))
        let current = [LogBlock(namespace: "ml", pod: "llama-6c9f-x", container: "vllm", lines: ["now"])]
        let previous = [LogBlock(namespace: "ml", pod: "llama-6c9f-x", container: "vllm", lines: ["before"]),
                        LogBlock(namespace: "ml", pod: "other", container: "vllm", lines: ["not mine"])]
        let e = EvidenceAssembler.assemble(pods: [pod], events: [], currentLogs: current, previousLogs: previous,
                                           owners: [staleRS, rs, dep], observedAt: KubeTime(seconds: 0))[0]
        #expect(e.logs["vllm"] == ContainerLogs(current: ["now"], previous: ["before"]))
        #expect(e.owners.map(\.kind) == ["ReplicaSet", "Deployment"])
        #expect(e.owners.map(\.name) == ["llama-6c9f", "llama"])
        let unresolved = EvidenceAssembler.assemble(pods: [pod], events: [], observedAt: KubeTime(seconds: 0))[0]
        #expect(unresolved.owners.isEmpty)
    }

    @Test func assemblesFromRawLogTexts() {
        let pod = Pod(metadata: ObjectMeta(name: "p", namespace: "ml"), spec: PodSpec(containers: [Container(name: "c")]))
        let text = "==== START logs for container c of pod ml/p ====\nhello\n==== END logs for container c of pod ml/p ====\n"
        let e = EvidenceAssembler.assemble(pods: [pod], events: [], logTexts: [text], previousLogTexts: [], observedAt: KubeTime(seconds: 0))
        #expect(e.first?.logs["c"]?.current == ["hello"])
        #expect(e.first?.logs["c"]?.previous == nil)
    }

    @Test func decodesListsWithNullItems() throws {
        let list = try JSONDecoder().decode(KubeList<Pod>.self, from: Data(#"{"kind":"PodList","items":null}"#.utf8))
        #expect(list.items.isEmpty)
    }
}
