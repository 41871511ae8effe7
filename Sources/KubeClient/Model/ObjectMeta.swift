import Foundation

/// metav1.ObjectMeta reduced to what restartwatch reads or writes. `managedFields` is never
/// modelled: decoding it costs ~250 µs per pod (swift-libcurl-notes §2) and nobody reads it.
public struct ObjectMeta: Codable, Hashable, Sendable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?

    public init(name: String? = nil, generateName: String? = nil, namespace: String? = nil, uid: String? = nil,
                resourceVersion: String? = nil, generation: Int64? = nil, creationTimestamp: String? = nil,
                deletionTimestamp: String? = nil, labels: [String: String]? = nil,
                annotations: [String: String]? = nil, ownerReferences: [OwnerReference]? = nil) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
    }
}

/// metav1.ListMeta: the list's resourceVersion (the watch start point) and the pagination token.
public struct ListMeta: Codable, Hashable, Sendable {
    public var resourceVersion: String?
    /// Opaque; present only when more pages follow (apimachinery `types.go` `ListMeta.Continue`).
    public var `continue`: String?
    /// An estimate, omitted with selectors and on the last page; never rely on it.
    public var remainingItemCount: Int64?

    public init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }
}

/// metav1.OwnerReference.
public struct OwnerReference: Codable, Hashable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?

    public init(apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil,
                blockOwnerDeletion: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}

/// The identity fields of any object, decoded next to the caller's own type so the watch
/// machinery can key and version objects without knowing `T`.
public struct ObjectHeader: Decodable, Hashable, Sendable {
    public var name: String
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var annotations: [String: String]?

    public init(name: String, namespace: String? = nil, uid: String? = nil, resourceVersion: String? = nil,
                annotations: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.annotations = annotations
    }

    /// `namespace/name`, or `name` for cluster-scoped objects (client-go `MetaNamespaceKeyFunc`).
    public var key: String { namespace.map { "\($0)/\(name)" } ?? name }

    private enum OuterKeys: String, CodingKey { case metadata }
    private enum MetaKeys: String, CodingKey { case name, namespace, uid, resourceVersion, annotations }

    public init(from decoder: Decoder) throws {
        let outer = try decoder.container(keyedBy: OuterKeys.self)
        let meta = try outer.nestedContainer(keyedBy: MetaKeys.self, forKey: .metadata)
        name = try meta.decodeIfPresent(String.self, forKey: .name) ?? ""
        namespace = try meta.decodeIfPresent(String.self, forKey: .namespace)
        uid = try meta.decodeIfPresent(String.self, forKey: .uid)
        resourceVersion = try meta.decodeIfPresent(String.self, forKey: .resourceVersion)
        annotations = try meta.decodeIfPresent([String: String].self, forKey: .annotations)
    }
}

/// A caller-typed object plus its header, decoded from the same JSON value.
public struct KubeObject<T: Sendable>: Sendable {
    public var header: ObjectHeader
    public var object: T

    public init(header: ObjectHeader, object: T) {
        self.header = header
        self.object = object
    }
}

extension KubeObject: Decodable where T: Decodable {
    public init(from decoder: Decoder) throws {
        header = try ObjectHeader(from: decoder)
        object = try T(from: decoder)
    }
}

extension KubeObject: Equatable where T: Equatable {}
