import Diagnosis
import KubeClient

/// A core/v1 Event as the watch and the scan's list read it: what diagnosis reads of an Event
/// (`EventRecord`), with the rest (managedFields, related, action…) skipped unbuilt.
struct WatchedEvent: JSONScannable {
    var event = EventRecord(involvedObject: Diagnosis.ObjectReference())

    mutating func scanField(_ key: JSONKey, _ s: inout JSONScanner) throws -> Bool {
        switch key {
        case "involvedObject": event.involvedObject = try Diagnosis.ObjectReference.scan(&s)
        case "reason": event.reason = try s.readString()
        case "message": event.message = try s.readString()
        case "type": event.type = try s.readString()
        case "count": event.count = try s.readInt()
        case "firstTimestamp": event.firstTimestamp = try s.readTime()
        case "lastTimestamp": event.lastTimestamp = try s.readTime()
        case "eventTime": event.eventTime = try s.readTime()
        case "reportingComponent": event.reportingComponent = try s.readString()
        case "source":
            guard try s.beginObject() else { return true }
            var source = Diagnosis.EventSource()
            while let k = try s.nextKey() {
                switch k {
                case "component": source.component = try s.readString()
                case "host": source.host = try s.readString()
                default: try s.skipValue()
                }
            }
            event.source = source
        case "series":
            guard try s.beginObject() else { return true }
            var series = EventSeries()
            while let k = try s.nextKey() {
                switch k {
                case "count": series.count = try s.readInt()
                case "lastObservedTime": series.lastObservedTime = try s.readTime()
                default: try s.skipValue()
                }
            }
            event.series = series
        default: return false
        }
        return true
    }

    mutating func finish(header: ObjectHeader) {
        event.metadata = Diagnosis.ObjectMeta(name: header.name.isEmpty ? nil : header.name, namespace: header.namespace, uid: header.uid,
                                    resourceVersion: header.resourceVersion)
    }
}

extension Diagnosis.ObjectReference {
    static func scan(_ s: inout JSONScanner) throws -> Diagnosis.ObjectReference {
        var ref = Diagnosis.ObjectReference()
        guard try s.beginObject() else { return ref }
        while let key = try s.nextKey() {
            switch key {
            case "kind": ref.kind = try s.readString()
            case "namespace": ref.namespace = try s.readString()
            case "name": ref.name = try s.readString()
            case "uid": ref.uid = try s.readString()
            case "apiVersion": ref.apiVersion = try s.readString()
            case "fieldPath": ref.fieldPath = try s.readString()
            default: try s.skipValue()
            }
        }
        return ref
    }
}
