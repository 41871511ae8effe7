import Diagnosis

/// The compact per-pod memory of the watcher: restart history, the probe events seen and what was
/// already diagnosed — evidence that outlives the one-hour event TTL, at a few hundred bytes per
/// pod. Whole Pod objects are never kept.
struct PodTracker: Sendable {
    /// One container's memory.
    struct ContainerRecord: Sendable, Equatable {
        var name: String
        var restartCount: Int = 0
        var ready = false
        var startedAt: KubeTime?
        /// Terminated instances seen, oldest first, at most `maxRuns`.
        var runs: [ContainerRun] = []
        /// Relevant kubelet events (Unhealthy, Killing, BackOff…), newest last, at most `maxEvents`.
        var events: [EventRecord] = []
        /// A long not-ready start was already reported for this instance.
        var slowStartFlagged = false
    }

    /// One pod's memory.
    struct PodRecord: Sendable, Equatable {
        var namespace: String
        var name: String
        var uid: String
        var containers: [ContainerRecord]
    }

    /// Why a pod deserves a diagnosis now.
    enum Trigger: String, Sendable, Equatable {
        case restarted, probeEvent, notReadyTooLong, waitingError
    }

    static let maxRuns = 8
    static let maxEvents = 6

    private(set) var pods: [String: PodRecord] = [:]  // by "namespace/name"
    var count: Int { pods.count }

    /// Applies a pod's new state; returns the triggers it fires (empty for a healthy pod).
    mutating func update(_ pod: Pod, now: KubeTime, notReadyAfterSeconds: Double) -> Set<Trigger> {
        let key = "\(pod.namespace)/\(pod.name)"
        let uid = pod.metadata.uid ?? ""
        var record = pods[key].flatMap { $0.uid == uid ? $0 : nil }
            ?? PodRecord(namespace: pod.namespace, name: pod.name, uid: uid, containers: [])
        var triggers = Set<Trigger>()
        for status in pod.status?.containerStatuses ?? [] {
            var c = record.containers.first { $0.name == status.name } ?? ContainerRecord(name: status.name)
            let restarts = status.restartCount ?? 0
            if let t = status.lastState?.terminated, t.finishedAt != nil, t.finishedAt != c.runs.last?.finishedAt {
                c.runs.append(ContainerRun(t, restartCount: restarts))
                if c.runs.count > PodTracker.maxRuns { c.runs.removeFirst(c.runs.count - PodTracker.maxRuns) }
                triggers.insert(.restarted)
            } else if restarts > c.restartCount {
                triggers.insert(.restarted)
            }
            c.restartCount = restarts
            c.ready = status.ready ?? false
            let started = status.state?.running?.startedAt
            if started != c.startedAt { c.slowStartFlagged = false }
            c.startedAt = started
            if let w = status.state?.waiting?.reason, PodTracker.errorWaitingReasons.contains(w) {
                triggers.insert(.waitingError)
            }
            if !c.ready, let s = started, !c.slowStartFlagged, s.distance(to: now) > notReadyAfterSeconds {
                c.slowStartFlagged = true
                triggers.insert(.notReadyTooLong)
            }
            if let i = record.containers.firstIndex(where: { $0.name == c.name }) { record.containers[i] = c } else {
                record.containers.append(c)
            }
        }
        pods[key] = record
        return triggers
    }

    /// Waiting reasons that mean the container cannot run at all.
    static let errorWaitingReasons: Set<String> = [
        "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError",
        "RunContainerError",
    ]

    /// Event reasons worth remembering and reacting to.
    static let relevantReasons: Set<String> = ["Unhealthy", "Killing", "BackOff", "Failed", "Evicted", "OOMKilling", "ProbeWarning"]

    /// Remembers a kubelet event about a tracked pod's container; returns true when it should trigger a diagnosis.
    mutating func record(_ event: EventRecord) -> Bool {
        guard event.involvedObject.kind == "Pod", let reason = event.reason, PodTracker.relevantReasons.contains(reason),
              let ns = event.involvedObject.namespace ?? event.metadata?.namespace, let name = event.involvedObject.name,
              var record = pods["\(ns)/\(name)"] else { return false }
        if let uid = event.involvedObject.uid, !record.uid.isEmpty, uid != record.uid { return false }
        var slim = event
        slim.metadata = ObjectMeta(name: event.metadata?.name, namespace: ns)
        if let m = slim.message, m.count > 300 { slim.message = String(m.prefix(300)) }
        let containerName = event.containerName ?? record.containers.first?.name ?? ""
        guard let i = record.containers.firstIndex(where: { $0.name == containerName }) else { return false }
        var c = record.containers[i]
        // The recorder updates one Event object (same name) as `count` grows: replace, don't append.
        if let j = c.events.firstIndex(where: { $0.metadata?.name != nil && $0.metadata?.name == slim.metadata?.name }) {
            c.events[j] = slim
        } else {
            c.events.append(slim)
            if c.events.count > PodTracker.maxEvents { c.events.removeFirst(c.events.count - PodTracker.maxEvents) }
        }
        record.containers[i] = c
        pods["\(ns)/\(name)"] = record
        return reason == "Killing" || reason == "Unhealthy" || reason == "BackOff" || reason == "Evicted" || reason == "OOMKilling"
    }

    mutating func remove(namespace: String, name: String) { pods.removeValue(forKey: "\(namespace)/\(name)") }

    /// After a relist of `namespace` (nil: of everything): forget its pods that are not in the snapshot.
    mutating func retain(only keys: Set<String>, inNamespace namespace: String? = nil) {
        pods = pods.filter { key, record in keys.contains(key) || (namespace != nil && record.namespace != namespace) }
    }

    func record(namespace: String, name: String) -> PodRecord? { pods["\(namespace)/\(name)"] }

    /// Evidence history for diagnosis: runs before the one still in `lastState` (which the pod carries itself).
    func history(namespace: String, name: String) -> [String: [ContainerRun]] {
        var out: [String: [ContainerRun]] = [:]
        for c in pods["\(namespace)/\(name)"]?.containers ?? [] where !c.runs.isEmpty { out[c.name] = c.runs }
        return out
    }

    func events(namespace: String, name: String) -> [EventRecord] {
        (pods["\(namespace)/\(name)"]?.containers ?? []).flatMap(\.events)
    }
}
