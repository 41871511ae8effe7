import Foundation

/// core/v1 Event in the legacy shape restartwatch POSTs (kubernetes-facts §2.3): `eventTime` is
/// left unset so only the legacy validation applies (kubernetes `validation/events.go`).
public struct CoreEvent: Codable, Hashable, Sendable {
    public var apiVersion: String = "v1"
    public var kind: String = "Event"
    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    public var reason: String
    public var message: String
    /// `Normal` or `Warning`.
    public var type: String
    public var source: EventSource
    /// metav1.Time: RFC 3339, whole seconds, UTC.
    public var firstTimestamp: String?
    public var lastTimestamp: String?
    public var count: Int?
    public var reportingComponent: String
    public var reportingInstance: String

    public init(metadata: ObjectMeta, involvedObject: ObjectReference, reason: String, message: String,
                type: String, source: EventSource, firstTimestamp: String? = nil, lastTimestamp: String? = nil,
                count: Int? = 1, reportingComponent: String, reportingInstance: String) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.source = source
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.count = count
        self.reportingComponent = reportingComponent
        self.reportingInstance = reportingInstance
    }

    /// Formats a date as metav1.Time (`time.RFC3339`, no fraction, UTC; apimachinery `time.go`).
    public static func kubeTime(_ date: Date) -> String {
        var t = time_t(floor(date.timeIntervalSince1970))
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { String(v).leftPadded(to: 2) }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// core/v1 ObjectReference.
public struct ObjectReference: Codable, Hashable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var resourceVersion: String?
    public var fieldPath: String?

    public init(apiVersion: String? = nil, kind: String? = nil, namespace: String? = nil, name: String? = nil,
                uid: String? = nil, resourceVersion: String? = nil, fieldPath: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.fieldPath = fieldPath
    }
}

/// core/v1 EventSource.
public struct EventSource: Codable, Hashable, Sendable {
    public var component: String?
    public var host: String?

    public init(component: String? = nil, host: String? = nil) {
        self.component = component
        self.host = host
    }
}

extension CoreEvent {
    /// An event about a pod in the legacy shape kubelet uses, named `<pod>.<hex UnixNano>`
    /// (client-go `tools/record/util` `GenerateEventName`). Lets callers that also import
    /// Diagnosis (which has its own `ObjectMeta`) build one without naming the nested types.
    public static func about(podNamespace: String, podName: String, podUID: String?, fieldPath: String? = nil,
                             type: String, reason: String, message: String, component: String, instance: String,
                             at date: Date) -> CoreEvent {
        let nanos = UInt64(max(0, date.timeIntervalSince1970) * 1e9)
        let stamp = kubeTime(date)
        // Why truncate: core/v1 validation caps `message` at 1024 characters (validation/events.go).
        return CoreEvent(metadata: ObjectMeta(name: "\(podName).\(String(nanos, radix: 16))", namespace: podNamespace),
                         involvedObject: ObjectReference(apiVersion: "v1", kind: "Pod", namespace: podNamespace,
                                                         name: podName, uid: podUID, fieldPath: fieldPath),
                         reason: reason, message: String(message.prefix(1024)), type: type,
                         source: EventSource(component: component), firstTimestamp: stamp, lastTimestamp: stamp,
                         count: 1, reportingComponent: component, reportingInstance: instance)
    }
}
