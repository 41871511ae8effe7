/// A Kubernetes list (`PodList`, `EventList`, `DeploymentList` …) as `kubectl get -o json` and
/// `cluster-info dump` write it; only `items` is read.
public struct KubeList<Item: Decodable & Sendable>: Decodable, Sendable {
    public var items: [Item]
    public init(items: [Item]) { self.items = items }

    enum CodingKeys: String, CodingKey { case items }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // `"items": null` is legal for an empty list.
        items = try c.decodeIfPresent([Item].self, forKey: .items) ?? []
    }
}

/// A workload object that may own pods (ReplicaSet, Deployment, StatefulSet, LeaderWorkerSet, …),
/// reduced to what the owner chain needs.
public struct OwnerObject: Codable, Sendable, Hashable {
    public var apiVersion: String?
    /// Items inside a List may lack `kind`; the caller then sets it from the list it read.
    public var kind: String?
    public var metadata: ObjectMeta

    public init(apiVersion: String? = nil, kind: String?, metadata: ObjectMeta) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
    }
}
