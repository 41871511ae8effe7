/// Builds `Evidence` from decoded dump objects and log blocks. Pure: the CLI reads the files.
public enum EvidenceAssembler {
    /// One `Evidence` per pod, with its events (matched by involvedObject namespace/name, and uid when
    /// both sides carry one), its log blocks and its owner chain.
    public static func assemble(pods: [Pod], events: [EventRecord], currentLogs: [LogBlock] = [],
                                previousLogs: [LogBlock] = [], owners: [OwnerObject] = [],
                                observedAt: KubeTime) -> [Evidence] {
        // Group once by involvedObject name so a namespace-wide dump is not rescanned per pod.
        let byName = Dictionary(grouping: events) { $0.involvedObject.name ?? "" }
        return pods.map { pod in
            Evidence(pod: pod, events: (byName[pod.name] ?? []).filter { concerns($0, pod) },
                     logs: logs(for: pod, current: currentLogs, previous: previousLogs),
                     history: [:], owners: chain(for: pod, in: owners), observedAt: observedAt)
        }
    }

    /// The same from raw log files (`logs.txt`, `previous-logs.txt`), each holding kubectl-framed blocks.
    public static func assemble(pods: [Pod], events: [EventRecord], logTexts: [String], previousLogTexts: [String],
                                owners: [OwnerObject] = [], observedAt: KubeTime) -> [Evidence] {
        assemble(pods: pods, events: events, currentLogs: logTexts.flatMap(LogBlocks.parse),
                 previousLogs: previousLogTexts.flatMap(LogBlocks.parse), owners: owners, observedAt: observedAt)
    }

    /// Whether an event's involvedObject is this pod. Pod names are reused across recreations, so a
    /// uid on both sides must agree (kubernetes-facts §8.1).
    public static func concerns(_ e: EventRecord, _ pod: Pod) -> Bool {
        let o = e.involvedObject
        guard o.kind == nil || o.kind == "Pod", o.name == pod.name else { return false }
        let ns = o.namespace ?? e.metadata?.namespace ?? pod.namespace
        guard ns == pod.namespace else { return false }
        if let a = o.uid, let b = pod.metadata.uid, a != b { return false }
        return true
    }

    static func logs(for pod: Pod, current: [LogBlock], previous: [LogBlock]) -> [String: ContainerLogs] {
        var out: [String: ContainerLogs] = [:]
        for b in current where b.namespace == pod.namespace && b.pod == pod.name {
            out[b.container, default: ContainerLogs()].current = (out[b.container]?.current ?? []) + b.lines
        }
        for b in previous where b.namespace == pod.namespace && b.pod == pod.name {
            out[b.container, default: ContainerLogs()].previous = (out[b.container]?.previous ?? []) + b.lines
        }
        return out
    }

    /// The controller chain from the pod upwards, as far as the given objects resolve it
    /// (follow `controller: true`, same namespace, matching uid when known; kubernetes-facts §8.1).
    static func chain(for pod: Pod, in objects: [OwnerObject]) -> [WorkloadRef] {
        var out: [WorkloadRef] = []
        var next = pod.metadata.controller
        while let ref = next, out.count < 8 {
            let match = objects.first { o in
                (o.kind == nil || o.kind == ref.kind) && o.metadata.name == ref.name
                    && (o.metadata.namespace ?? pod.namespace) == pod.namespace
                    && (ref.uid == nil || o.metadata.uid == nil || ref.uid == o.metadata.uid)
            }
            guard let owner = match else { break }
            out.append(WorkloadRef(apiVersion: owner.apiVersion ?? ref.apiVersion, kind: ref.kind, name: ref.name,
                                   namespace: pod.namespace))
            next = owner.metadata.controller
        }
        return out
    }
}
