import Foundation

/// The consumer-side cache a reflector keeps in sync: a snapshot replaces everything, then
/// deltas apply by `namespace/name` key (client-go `cache.Store` `Replace`/`Add`/`Delete`).
public struct ObjectStore<T: Sendable>: Sendable {
    public private(set) var objects: [String: KubeObject<T>] = [:]
    /// RV of the last snapshot or delta applied.
    public private(set) var resourceVersion = ""

    public init() {}

    public mutating func apply(_ event: ReflectorEvent<T>) {
        switch event {
        case .snapshot(let items, let rv):
            objects = Dictionary(items.map { ($0.header.key, $0) }, uniquingKeysWith: { _, last in last })
            resourceVersion = rv
        case .added(let o), .modified(let o):
            objects[o.header.key] = o
            resourceVersion = o.header.resourceVersion ?? resourceVersion
        case .deleted(let o):
            objects[o.header.key] = nil
            resourceVersion = o.header.resourceVersion ?? resourceVersion
        case .problem:
            break
        }
    }

    public var count: Int { objects.count }
}
