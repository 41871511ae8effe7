import Foundation

/// One stored version of an object: its exact serialized bytes plus the metadata the store needs.
final class StoredObject: Sendable {
    let data: Data
    let name: String
    let namespace: String?
    let uid: String
    let creationTimestamp: String
    let resourceVersion: Int
    private let selectable = Locked<SelectableFields?>(nil)

    init(data: Data, name: String, namespace: String?, uid: String, creationTimestamp: String, resourceVersion: Int) {
        self.data = data
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.creationTimestamp = creationTimestamp
        self.resourceVersion = resourceVersion
    }

    /// Labels and field values for selectors, parsed lazily (most watches use no selector).
    func fields(_ resource: ResourceInfo) -> SelectableFields {
        selectable.withLock { cached in
            if let cached { return cached }
            let parsed = SelectableFields(json: data, resource: resource)
            cached = parsed
            return parsed
        }
    }

    /// The same object re-stamped with another resourceVersion (DELETED carries the delete's RV;
    /// source: apiserver pkg/storage/etcd3/watcher.go `prepareObjs`).
    func restamped(resourceVersion rv: Int) -> StoredObject {
        let bytes = (try? ObjectNormalizer.setResourceVersion(Array(data), rv)) ?? data
        return StoredObject(data: bytes, name: name, namespace: namespace, uid: uid,
                            creationTimestamp: creationTimestamp, resourceVersion: rv)
    }
}

/// Rewrites `metadata` of a JSON object at the byte level, keeping every other byte as given.
enum ObjectNormalizer {
    /// Values used for metadata fields the object does not carry.
    struct Identity {
        var name: String
        var namespace: String?
        var uid: String
        var creationTimestamp: String
    }

    /// Fills kind/apiVersion/name/namespace/uid/creationTimestamp when missing and sets resourceVersion.
    /// `defaults` supplies values for missing fields (an existing object's uid, or fresh ones).
    static func normalize(_ input: Data, resource: ResourceInfo, defaults: Identity, rv: Int) throws -> StoredObject {
        let b = Array(input)
        // Objects usually start with kind, apiVersion, metadata: stop there and copy the (large)
        // spec/status verbatim instead of scanning them.
        let top = try JSONBytes.members(b, from: 0) { seen in
            ["kind", "apiVersion", "metadata"].allSatisfy { key in seen.contains { $0.key == key } }
        }
        let metaMember = top.first(where: { $0.key == "metadata" })
        let meta = try metaMember.map { try JSONBytes.members(b, from: $0.valueStart) } ?? []
        let name = JSONBytes.stringValue(b, meta, "name") ?? defaults.name
        let namespace = resource.namespaced ? (JSONBytes.stringValue(b, meta, "namespace") ?? defaults.namespace) : nil
        let uid = JSONBytes.stringValue(b, meta, "uid") ?? defaults.uid
        let created = JSONBytes.stringValue(b, meta, "creationTimestamp") ?? defaults.creationTimestamp

        var metaParts: [String] = []
        if !meta.contains(where: { $0.key == "name" }) { metaParts.append("\"name\":" + JSONBytes.quote(name)) }
        if let namespace, !meta.contains(where: { $0.key == "namespace" }) {
            metaParts.append("\"namespace\":" + JSONBytes.quote(namespace))
        }
        if !meta.contains(where: { $0.key == "uid" }) { metaParts.append("\"uid\":" + JSONBytes.quote(uid)) }
        var newMeta = Data("{".utf8)
        for part in metaParts { newMeta.append(contentsOf: Array(part.utf8) + [UInt8(ascii: ",")]) }
        for m in meta {
            if m.key == "resourceVersion" { continue }
            if m.key == "creationTimestamp", b[m.valueStart] == UInt8(ascii: "n") { continue }  // null
            JSONBytes.append(&newMeta, b, m.memberStart..<m.valueEnd)
            newMeta.append(UInt8(ascii: ","))
        }
        newMeta.append(contentsOf: Array("\"resourceVersion\":\"\(rv)\"".utf8))
        if !meta.contains(where: { $0.key == "creationTimestamp" && b[$0.valueStart] == UInt8(ascii: "\"") }) {
            newMeta.append(contentsOf: Array(",\"creationTimestamp\":\(JSONBytes.quote(created))".utf8))
        }
        newMeta.append(UInt8(ascii: "}"))

        var out = Data("{".utf8)
        out.reserveCapacity(b.count + 128)
        var first = true
        func sep() { if !first { out.append(UInt8(ascii: ",")) }; first = false }
        if !top.contains(where: { $0.key == "kind" }) { sep(); out.append(contentsOf: Array("\"kind\":\"\(resource.kind)\"".utf8)) }
        if !top.contains(where: { $0.key == "apiVersion" }) {
            sep(); out.append(contentsOf: Array("\"apiVersion\":\"\(resource.groupVersion)\"".utf8))
        }
        for m in top {
            sep()
            if m.key == "metadata" {
                JSONBytes.append(&out, b, m.memberStart..<m.valueStart)
                out.append(newMeta)
            } else {
                JSONBytes.append(&out, b, m.memberStart..<m.valueEnd)
            }
        }
        if metaMember == nil { sep(); out.append(contentsOf: Array("\"metadata\":".utf8)); out.append(newMeta) }
        // Whatever follows the scanned members (unscanned members, then `}`) is copied as is.
        if let last = top.last {
            JSONBytes.append(&out, b, last.valueEnd..<b.count)
        } else {
            out.append(UInt8(ascii: "}"))
        }
        return StoredObject(data: out, name: name, namespace: namespace, uid: uid, creationTimestamp: created, resourceVersion: rv)
    }

    /// The object without top-level `kind`/`apiVersion`: how built-in types appear as LIST items
    /// (typed list items have an empty TypeMeta; kubernetes-facts §1.7 marks this UNCONFIRMED).
    static func withoutTypeMeta(_ data: Data) -> Data {
        let b = Array(data)
        let typeMeta: ([JSONBytes.Member]) -> Bool = { seen in
            seen.contains { $0.key == "kind" } && seen.contains { $0.key == "apiVersion" }
        }
        guard let top = try? JSONBytes.members(b, from: 0, until: typeMeta), let last = top.last else {
            return data
        }
        var out = Data("{".utf8)
        out.reserveCapacity(b.count)
        var first = true
        for m in top where m.key != "kind" && m.key != "apiVersion" {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONBytes.append(&out, b, m.memberStart..<m.valueEnd)
        }
        var rest = last.valueEnd
        if first {  // nothing kept yet: drop the comma that would follow
            JSONBytes.skipWhitespace(b, &rest)
            if rest < b.count, b[rest] == UInt8(ascii: ",") { rest += 1 }
        }
        JSONBytes.append(&out, b, rest..<b.count)
        return out
    }

    /// Replaces (or adds) metadata.resourceVersion only.
    static func setResourceVersion(_ b: [UInt8], _ rv: Int) throws -> Data {
        let top = try JSONBytes.members(b, from: 0) { $0.last?.key == "metadata" }
        guard let metaMember = top.first(where: { $0.key == "metadata" }) else { return Data(b) }
        let meta = try JSONBytes.members(b, from: metaMember.valueStart)
        var out = Data()
        JSONBytes.append(&out, b, 0..<metaMember.valueStart)
        out.append(UInt8(ascii: "{"))
        for m in meta where m.key != "resourceVersion" {
            JSONBytes.append(&out, b, m.memberStart..<m.valueEnd)
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: Array("\"resourceVersion\":\"\(rv)\"}".utf8))
        JSONBytes.append(&out, b, metaMember.valueEnd..<b.count)
        return out
    }
}
