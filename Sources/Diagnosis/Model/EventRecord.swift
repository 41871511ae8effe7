/// core/v1 Event as the kubelet writes it (kubernetes-facts §2.1), reduced to what diagnosis reads.
public struct EventRecord: Codable, Hashable, Sendable {
    public var metadata: ObjectMeta?
    public var involvedObject: ObjectReference
    public var reason: String?
    public var message: String?
    public var type: String?
    public var count: Int?
    public var firstTimestamp: KubeTime?
    public var lastTimestamp: KubeTime?
    public var eventTime: KubeTime?
    public var source: EventSource?
    public var reportingComponent: String?
    public var series: EventSeries?

    public init(metadata: ObjectMeta? = nil, involvedObject: ObjectReference, reason: String? = nil,
                message: String? = nil, type: String? = nil, count: Int? = nil, firstTimestamp: KubeTime? = nil,
                lastTimestamp: KubeTime? = nil, eventTime: KubeTime? = nil, source: EventSource? = nil,
                reportingComponent: String? = nil, series: EventSeries? = nil) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.count = count
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.eventTime = eventTime
        self.source = source
        self.reportingComponent = reportingComponent
        self.series = series
    }

    /// The container named by `involvedObject.fieldPath` (`spec.containers{NAME}`,
    /// `spec.initContainers{NAME}`; kubelet `pkg/kubelet/container/ref.go`), or nil for pod-level events.
    public var containerName: String? {
        guard let fp = involvedObject.fieldPath, let open = fp.firstIndex(of: "{"), fp.hasSuffix("}") else { return nil }
        return String(fp[fp.index(after: open)..<fp.index(before: fp.endIndex)])
    }

    /// The latest time this event is known to have happened.
    public var lastSeen: KubeTime? { lastTimestamp ?? series?.lastObservedTime ?? eventTime ?? firstTimestamp }
    /// The first time this event is known to have happened.
    public var firstSeen: KubeTime? { firstTimestamp ?? eventTime ?? lastTimestamp }
    /// Occurrences (count defaults to 1; series.count when the newer API filled it).
    public var occurrences: Int { series?.count ?? count ?? 1 }

    enum CodingKeys: String, CodingKey {
        case metadata, involvedObject, reason, message, type, count, firstTimestamp, lastTimestamp, eventTime, source
        case reportingComponent, series
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata)
        involvedObject = try c.decode(ObjectReference.self, forKey: .involvedObject)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        // Timestamps may be `null` or, for MicroTime, carry fractions; an unparseable one is dropped, not fatal.
        firstTimestamp = try? c.decodeIfPresent(KubeTime.self, forKey: .firstTimestamp)
        lastTimestamp = try? c.decodeIfPresent(KubeTime.self, forKey: .lastTimestamp)
        eventTime = try? c.decodeIfPresent(KubeTime.self, forKey: .eventTime)
        source = try c.decodeIfPresent(EventSource.self, forKey: .source)
        reportingComponent = try c.decodeIfPresent(String.self, forKey: .reportingComponent)
        series = try? c.decodeIfPresent(EventSeries.self, forKey: .series)
    }
}

/// core/v1 ObjectReference.
public struct ObjectReference: Codable, Hashable, Sendable {
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var apiVersion: String?
    public var fieldPath: String?

    public init(kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil,
                apiVersion: String? = nil, fieldPath: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.apiVersion = apiVersion
        self.fieldPath = fieldPath
    }
}

public struct EventSource: Codable, Hashable, Sendable {
    public var component: String?
    public var host: String?
    public init(component: String? = nil, host: String? = nil) { self.component = component; self.host = host }
}

public struct EventSeries: Codable, Hashable, Sendable {
    public var count: Int?
    public var lastObservedTime: KubeTime?
    public init(count: Int? = nil, lastObservedTime: KubeTime? = nil) {
        self.count = count
        self.lastObservedTime = lastObservedTime
    }
}
