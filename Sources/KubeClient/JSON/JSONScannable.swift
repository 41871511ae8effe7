import Foundation

/// An API object type that reads itself field by field from a `JSONScanner`: the fast path for
/// watches and lists, where most of every object is skipped unread.
///
/// The object reader (`KubeObject.scan`) walks the top level and `metadata` itself, so the
/// header every reflector relies on (name, namespace, uid, resourceVersion) is always read, and
/// offers the type every other field; a field the type does not read is skipped.
public protocol JSONScannable: Sendable {
    /// An empty value that fields are read into.
    init()
    /// Reads the top-level field `key` (everything but `metadata`) if the type wants it; returns
    /// false, without consuming anything, to have it skipped.
    mutating func scanField(_ key: JSONKey, _ s: inout JSONScanner) throws -> Bool
    /// Same for the fields of `metadata` other than name, namespace, uid and resourceVersion.
    mutating func scanMetadataField(_ key: JSONKey, _ s: inout JSONScanner) throws -> Bool
    /// Called once after the object was read, with its header.
    mutating func finish(header: ObjectHeader)
}

extension JSONScannable {
    public mutating func scanMetadataField(_ key: JSONKey, _ s: inout JSONScanner) throws -> Bool { false }
    public mutating func finish(header: ObjectHeader) {}
}

extension KubeObject where T: JSONScannable {
    /// Reads one object at the scanner's position.
    public static func scan(_ s: inout JSONScanner) throws -> KubeObject<T> {
        var header = ObjectHeader(name: "")
        var object = T()
        guard try s.beginObject() else { throw s.error("expected an object, found null") }
        while let key = try s.nextKey() {
            if case "metadata" = key {
                guard try s.beginObject() else { continue }
                while let m = try s.nextKey() {
                    if try header.scanField(m, &s) { continue }
                    if try !object.scanMetadataField(m, &s) { try s.skipValue() }
                }
            } else if try !object.scanField(key, &s) {
                try s.skipValue()
            }
        }
        object.finish(header: header)
        return KubeObject(header: header, object: object)
    }
}

extension ObjectHeader {
    /// Reads `key` of `metadata` if it is a header field; annotations only when asked (bookmarks).
    mutating func scanField(_ key: JSONKey, _ s: inout JSONScanner, annotations wanted: Bool = false) throws -> Bool {
        switch key {
        case "name": name = try s.readString() ?? ""
        case "namespace": namespace = try s.readString()
        case "uid": uid = try s.readString()
        case "resourceVersion": resourceVersion = try s.readString()
        case "annotations" where wanted: annotations = try s.readStringMap()
        default: return false
        }
        return true
    }

    /// The header of the object at the scanner's position, everything else skipped.
    static func scan(_ s: inout JSONScanner, annotations: Bool) throws -> ObjectHeader {
        var header = ObjectHeader(name: "")
        guard try s.beginObject() else { return header }
        while let key = try s.nextKey() {
            guard case "metadata" = key else { try s.skipValue(); continue }
            guard try s.beginObject() else { continue }
            while let m = try s.nextKey() {
                if try !header.scanField(m, &s, annotations: annotations) { try s.skipValue() }
            }
        }
        return header
    }
}

extension ListMeta {
    /// Reads a list's `metadata` object.
    static func scan(_ s: inout JSONScanner) throws -> ListMeta {
        var meta = ListMeta()
        guard try s.beginObject() else { return meta }
        while let key = try s.nextKey() {
            switch key {
            case "resourceVersion": meta.resourceVersion = try s.readString()
            case "continue": meta.continue = try s.readString()
            case "remainingItemCount": meta.remainingItemCount = try s.readInt().map(Int64.init)
            default: try s.skipValue()
            }
        }
        return meta
    }
}

extension WatchEvent where T: JSONScannable {
    /// Reads one watch line. `type` is looked at first even when `object` precedes it.
    public static func scan(_ line: Data) throws -> WatchEvent<T> {
        try JSONScanner.read(line) { s in
            guard try s.beginObject() else { throw s.error("expected a watch event, found null") }
            var type: String?
            var object: UnsafeRawBufferPointer?
            while let key = try s.nextKey() {
                switch key {
                case "type": type = try s.readString()
                case "object": object = try s.valueBytes()
                default: try s.skipValue()
                }
            }
            guard let type else { throw s.error("watch event without a type") }
            guard let object else { throw s.error("watch event without an object") }
            var o = JSONScanner(object)
            switch type {
            case "ADDED": return .added(try KubeObject<T>.scan(&o))
            case "MODIFIED": return .modified(try KubeObject<T>.scan(&o))
            case "DELETED": return .deleted(try KubeObject<T>.scan(&o))
            case "BOOKMARK":
                let header = try ObjectHeader.scan(&o, annotations: true)
                return .bookmark(resourceVersion: header.resourceVersion ?? "", annotations: header.annotations ?? [:])
            case "ERROR":
                // Rare and small: the ordinary decoder reads the whole Status.
                return .error(try JSONDecoder().decode(Status.self, from: Data(object)))
            default: throw UnknownWatchEventType(type: type)
            }
        }
    }
}
