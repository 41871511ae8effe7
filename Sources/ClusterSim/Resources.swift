import Foundation

/// A served resource type (one plural in one group/version).
public struct ResourceInfo: Sendable, Hashable {
    public var group: String
    public var version: String
    public var plural: String
    public var singular: String
    public var kind: String
    public var namespaced: Bool
    public var shortNames: [String]
    /// Built-in types accept strategic merge patch; custom resources do not (415).
    public var builtIn: Bool
    /// Watch-cache backed: periodic bookmarks and the cacher's 410 message. Events are not
    /// (kubernetes-facts §1.3: `DefaultWatchCacheSizes` gives events size 0, so etcd serves them).
    public var watchCached: Bool
    /// Field labels accepted in fieldSelector (besides metadata.name / metadata.namespace).
    public var fieldLabels: [String]

    public init(group: String, version: String, plural: String, singular: String, kind: String, namespaced: Bool = true,
                shortNames: [String] = [], builtIn: Bool = false, watchCached: Bool = true, fieldLabels: [String] = []) {
        self.group = group
        self.version = version
        self.plural = plural
        self.singular = singular
        self.kind = kind
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.builtIn = builtIn
        self.watchCached = watchCached
        self.fieldLabels = fieldLabels
    }

    public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    /// `pods` or `deployments.apps`: the form used in error messages.
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }
    var key: String { "\(group)/\(plural)" }
    var verbs: [String] {
        ["create", "delete", "get", "list", "patch", "update", "watch"]
    }
}

/// The resource types ClusterSim serves.
public enum ResourceCatalog {
    /// Pod field labels (source: kubernetes/kubernetes@v1.32.10 pkg/apis/core/v1/conversion.go, kind Pod).
    static let podFields = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                            "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
                            "status.nominatedNodeName", "spec.host"]
    /// Event field labels (source: pkg/apis/core/v1/conversion.go `AddFieldLabelConversionsForEvent`).
    static let eventFields = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                              "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                              "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"]

    public static let builtIn: [ResourceInfo] = [
        ResourceInfo(group: "", version: "v1", plural: "pods", singular: "pod", kind: "Pod", shortNames: ["po"],
                     builtIn: true, fieldLabels: podFields),
        ResourceInfo(group: "", version: "v1", plural: "events", singular: "event", kind: "Event", shortNames: ["ev"],
                     builtIn: true, watchCached: false, fieldLabels: eventFields),
        ResourceInfo(group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace",
                     namespaced: false, shortNames: ["ns"], builtIn: true, fieldLabels: ["status.phase"]),
        ResourceInfo(group: "apps", version: "v1", plural: "replicasets", singular: "replicaset", kind: "ReplicaSet",
                     shortNames: ["rs"], builtIn: true),
        ResourceInfo(group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment",
                     shortNames: ["deploy"], builtIn: true),
        ResourceInfo(group: "apps", version: "v1", plural: "statefulsets", singular: "statefulset", kind: "StatefulSet",
                     shortNames: ["sts"], builtIn: true),
        ResourceInfo(group: "coordination.k8s.io", version: "v1", plural: "leases", singular: "lease", kind: "Lease",
                     builtIn: true),
        ResourceInfo(group: "leaderworkerset.x-k8s.io", version: "v1", plural: "leaderworkersets",
                     singular: "leaderworkerset", kind: "LeaderWorkerSet", shortNames: ["lws"]),
    ]
}

/// Lookup of served resources by plural or by group/version/plural.
struct ResourceRegistry: Sendable {
    let all: [ResourceInfo]

    init(extra: [ResourceInfo]) { all = ResourceCatalog.builtIn + extra }

    func byPlural(_ plural: String) -> ResourceInfo? { all.first { $0.plural == plural } }

    func lookup(group: String, version: String, plural: String) -> ResourceInfo? {
        all.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    var groupVersions: [(group: String, version: String)] {
        var seen: [String] = []
        var result: [(String, String)] = []
        for r in all where !r.group.isEmpty && !seen.contains(r.groupVersion) {
            seen.append(r.groupVersion)
            result.append((r.group, r.version))
        }
        return result
    }
}
