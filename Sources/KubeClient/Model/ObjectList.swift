import Foundation

/// One page of a LIST response (`{"metadata":{…},"items":[…]}`), items typed by the caller.
public struct ObjectList<T: Sendable>: Sendable {
    public var metadata: ListMeta
    public var items: [KubeObject<T>]

    public init(metadata: ListMeta, items: [KubeObject<T>]) {
        self.metadata = metadata
        self.items = items
    }
}

extension ObjectList: Decodable where T: Decodable {
    private enum Keys: String, CodingKey { case metadata, items }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        metadata = try c.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        // Why decodeIfPresent: Go serialises an empty slice field as `null` when it was never set.
        items = try c.decodeIfPresent([KubeObject<T>].self, forKey: .items) ?? []
    }
}
