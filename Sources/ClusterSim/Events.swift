import Foundation

/// Recorder-side memory of one deduplicated event (client-go tools/record/events_cache.go).
struct EventDedupEntry: Sendable {
    var name: String
    var count: Int
    var firstTimestamp: String
}

/// Errors from applying a scenario action.
public struct ClusterSimError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension SimCore {
    func resource(plural: String) throws -> ResourceInfo {
        guard let r = registry.byPlural(plural) else { throw ClusterSimError(description: "unknown resource \(plural)") }
        return r
    }

    func apply(_ action: SimAction) throws {
        switch action {
        case .putObject(let plural, let namespace, let name, let json):
            try put(resource(plural: plural), namespace: namespace, name: name, json: json)
        case .deleteObject(let plural, let namespace, let name):
            delete(try resource(plural: plural), namespace: namespace, name: name)
        case .recordEvent(let event):
            try record(event)
        case .appendLog(let namespace, let pod, let container, let line):
            appendLog(namespace: namespace, pod: pod, container: container, line: line)
        case .rotateLog(let namespace, let pod, let container):
            rotateLog(namespace: namespace, pod: pod, container: container)
        }
    }

    /// The kubelet recorder's exact-repeat key: source, involvedObject, type, reason, message
    /// (source: client-go tools/record/events_cache.go `getEventKey`).
    static func dedupKey(_ e: KubeletEvent) -> String {
        [e.component, e.host ?? "", "Pod", e.namespace, e.podName, e.container.map { "spec.containers{\($0)}" } ?? "",
         e.podUID, "v1", e.type, e.reason, e.message].joined(separator: "\u{1}")
    }

    /// Exact repeat → same Event with count+1 and new lastTimestamp (MODIFIED); else a new Event
    /// named `<pod>.<hex UnixNano>` (source: client-go tools/record/util/util.go `GenerateEventName`).
    func record(_ e: KubeletEvent) throws {
        let events = try resource(plural: "events")
        let pods = try resource(plural: "pods")
        let subscribers = try state.withLock { s -> [WatchSubscriber] in
            let key = Self.dedupKey(e)
            let stamp = TimeFormat.rfc3339(e.time)
            var entry: EventDedupEntry
            if var existing = s.eventIndex[key] {
                existing.count += 1
                entry = existing
            } else {
                var nanos = UInt64(max(0, e.time.timeIntervalSince1970 * 1_000_000_000))
                while s.objects[events.key]?[Self.objectKey(e.namespace, "\(e.podName).\(String(nanos, radix: 16))")] != nil {
                    nanos += 1
                }
                entry = EventDedupEntry(name: "\(e.podName).\(String(nanos, radix: 16))", count: 1, firstTimestamp: stamp)
            }
            s.eventIndex[key] = entry
            let podRV = s.objects[pods.key]?[Self.objectKey(e.namespace, e.podName)]?.resourceVersion
            let json = Self.eventJSON(e, entry: entry, lastTimestamp: stamp, podRV: podRV)
            _ = try Self.putLocked(&s, events, namespace: e.namespace, name: entry.name, json: json)
            return Array(s.watchers.values)
        }
        subscribers.forEach { $0.notify() }
    }

    /// core/v1 Event as the kubelet writes it (kubernetes-facts §2.1, §3.8): seconds-precision
    /// timestamps, `eventTime: null`, reportingComponent/Instance from source.
    static func eventJSON(_ e: KubeletEvent, entry: EventDedupEntry, lastTimestamp: String, podRV: Int?) -> Data {
        var involved = "{\"kind\":\"Pod\",\"namespace\":\(JSONBytes.quote(e.namespace)),\"name\":\(JSONBytes.quote(e.podName)),"
        involved += "\"uid\":\(JSONBytes.quote(e.podUID)),\"apiVersion\":\"v1\""
        if let podRV { involved += ",\"resourceVersion\":\"\(podRV)\"" }
        if let c = e.container { involved += ",\"fieldPath\":\(JSONBytes.quote("spec.containers{\(c)}"))" }
        involved += "}"
        var source = "{\"component\":\(JSONBytes.quote(e.component))"
        if let host = e.host { source += ",\"host\":\(JSONBytes.quote(host))" }
        source += "}"
        var s = "{\"kind\":\"Event\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\(JSONBytes.quote(entry.name)),"
        s += "\"namespace\":\(JSONBytes.quote(e.namespace))},\"involvedObject\":\(involved),"
        s += "\"reason\":\(JSONBytes.quote(e.reason)),\"message\":\(JSONBytes.quote(e.message)),\"source\":\(source),"
        s += "\"firstTimestamp\":\"\(entry.firstTimestamp)\",\"lastTimestamp\":\"\(lastTimestamp)\",\"count\":\(entry.count),"
        s += "\"type\":\(JSONBytes.quote(e.type)),\"eventTime\":null,\"reportingComponent\":\(JSONBytes.quote(e.component)),"
        s += "\"reportingInstance\":\(JSONBytes.quote(e.host ?? ""))}"
        return Data(s.utf8)
    }
}
