import Diagnosis
import Foundation

/// The compact per-pod memory of the watcher: restart history, the probe events seen and what was
/// already diagnosed — evidence that outlives the one-hour event TTL, at a few hundred bytes per
/// pod. Whole Pod objects are never kept.
///
/// Strings kept here are copies in storage of their own (`owned`): a kept string that shares the
/// buffer of a decoded, otherwise freed, object pins that object's heap pages, and after a 10 k-pod
/// initial list that cost more resident memory than the records themselves (issue #6). Uids are
/// kept as 16-byte UUIDs.
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

    /// One pod's memory (its namespace and name are its key's).
    struct PodRecord: Sendable, Equatable {
        var uid: PodUID
        var containers: [ContainerRecord]
    }

    /// Where a pod's record is kept.
    struct PodKey: Hashable, Sendable {
        var namespace: String
        var name: String
    }

    /// Why a pod deserves a diagnosis now.
    enum Trigger: String, Sendable, Equatable {
        case restarted, probeEvent, notReadyTooLong, waitingError
    }

    static let maxRuns = 8
    static let maxEvents = 6

    private(set) var pods: [PodKey: PodRecord] = [:]
    var count: Int { pods.count }

    /// Applies a pod's new state; returns the triggers it fires (empty for a healthy pod).
    mutating func update(_ pod: Pod, now: KubeTime, notReadyAfterSeconds: Double) -> Set<Trigger> {
        var key = PodKey(namespace: pod.namespace, name: pod.name)
        let uid = PodUID(pod.metadata.uid ?? "")
        var record: PodRecord
        if let existing = pods[key], existing.uid == uid {
            record = existing
        } else {
            if pods[key] == nil { key = PodKey(namespace: pod.namespace.owned, name: pod.name.owned) }
            record = PodRecord(uid: uid, containers: [])
        }
        var triggers = Set<Trigger>()
        for status in pod.status?.containerStatuses ?? [] {
            var c = record.containers.first { $0.name == status.name } ?? ContainerRecord(name: status.name.owned)
            let restarts = status.restartCount ?? 0
            if let t = status.lastState?.terminated, t.finishedAt != nil, t.finishedAt != c.runs.last?.finishedAt {
                var run = ContainerRun(t, restartCount: restarts)
                run.reason = run.reason?.owned
                c.runs.append(run)
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

    /// What a remembered event asks of the pipeline.
    enum EventTrigger: Sendable, Equatable {
        /// A kill, a back-off, an eviction: diagnose now.
        case decisive
        /// A probe failed: worth a look, but a slow-loading pod fails its probe every period, so the
        /// pipeline spaces these out per pod.
        case probeFailure
    }

    /// Remembers a kubelet event about a tracked pod's container; returns what it triggers, if anything.
    mutating func record(_ event: EventRecord) -> EventTrigger? {
        guard event.involvedObject.kind == "Pod", let reason = event.reason, PodTracker.relevantReasons.contains(reason),
              let ns = event.involvedObject.namespace ?? event.metadata?.namespace, let name = event.involvedObject.name,
              case let key = PodKey(namespace: ns, name: name), var record = pods[key] else { return nil }
        if let uid = event.involvedObject.uid, !record.uid.isEmpty, PodUID(uid) != record.uid { return nil }
        let slim = Self.owned(event, namespace: ns)
        let containerName = event.containerName ?? record.containers.first?.name ?? ""
        guard let i = record.containers.firstIndex(where: { $0.name == containerName }) else { return nil }
        var c = record.containers[i]
        // The recorder updates one Event object (same name) as `count` grows: replace, don't append.
        if let j = c.events.firstIndex(where: { $0.metadata?.name != nil && $0.metadata?.name == slim.metadata?.name }) {
            c.events[j] = slim
        } else {
            c.events.append(slim)
            if c.events.count > PodTracker.maxEvents { c.events.removeFirst(c.events.count - PodTracker.maxEvents) }
        }
        record.containers[i] = c
        pods[key] = record
        switch reason {
        case "Killing", "BackOff", "Evicted", "OOMKilling": return .decisive
        case "Unhealthy": return .probeFailure
        default: return nil
        }
    }

    /// What is kept of an event: what diagnosis reads, in storage of its own, the message cut at 300 characters.
    static func owned(_ e: EventRecord, namespace: String) -> EventRecord {
        var message = e.message
        if let m = message, m.count > 300 { message = String(m.prefix(300)) }
        let o = e.involvedObject
        let namespace = namespace.owned
        return EventRecord(
            metadata: ObjectMeta(name: e.metadata?.name?.owned, namespace: namespace),
            involvedObject: ObjectReference(kind: o.kind?.owned, namespace: namespace, name: o.name?.owned, uid: o.uid?.owned,
                                            apiVersion: o.apiVersion?.owned, fieldPath: o.fieldPath?.owned),
            reason: e.reason?.owned, message: message?.owned, type: e.type?.owned, count: e.count, firstTimestamp: e.firstTimestamp,
            lastTimestamp: e.lastTimestamp, eventTime: e.eventTime,
            source: e.source.map { EventSource(component: $0.component?.owned, host: $0.host?.owned) },
            reportingComponent: e.reportingComponent?.owned, series: e.series)
    }

    mutating func remove(namespace: String, name: String) { pods.removeValue(forKey: PodKey(namespace: namespace, name: name)) }

    /// After a relist of `namespace` (nil: of everything): forget its pods that are not in the snapshot.
    mutating func retain(only keys: Set<PodKey>, inNamespace namespace: String? = nil) {
        pods = pods.filter { key, _ in keys.contains(key) || (namespace != nil && key.namespace != namespace) }
    }

    func record(namespace: String, name: String) -> PodRecord? { pods[PodKey(namespace: namespace, name: name)] }

    /// Evidence history for diagnosis: runs before the one still in `lastState` (which the pod carries itself).
    func history(namespace: String, name: String) -> [String: [ContainerRun]] {
        var out: [String: [ContainerRun]] = [:]
        for c in pods[PodKey(namespace: namespace, name: name)]?.containers ?? [] where !c.runs.isEmpty { out[c.name] = c.runs }
        return out
    }

    func events(namespace: String, name: String) -> [EventRecord] {
        (pods[PodKey(namespace: namespace, name: name)]?.containers ?? []).flatMap(\.events)
    }
}

/// A pod uid as 16 bytes when it is a UUID (it always is on a real API server), as text otherwise.
enum PodUID: Sendable, Equatable {
    case uuid(UUID)
    case text(String)

    init(_ string: String) {
        if let u = UUID(uuidString: string) { self = .uuid(u) } else { self = .text(string.owned) }
    }

    var isEmpty: Bool { self == .text("") }
}

extension String {
    /// The same text in storage of its own (see `PodTracker`); strings of up to 15 UTF-8 bytes
    /// live inside the String value and are returned as they are.
    var owned: String {
        let n = utf8.count
        guard n > 15 else { return self }
        return String(unsafeUninitializedCapacity: n) { buffer in
            _ = buffer.initialize(from: utf8)
            return n
        }
    }
}
