import Foundation

/// One line of a watch stream (`{"type":…,"object":…}`, apimachinery `watch.go` `WatchEvent`).
///
/// Why BOOKMARK and ERROR are decoded differently: a BOOKMARK object is an empty object of the
/// watched kind (`"spec":{"containers":null}`), which strict caller types reject; only its
/// `metadata.resourceVersion` and annotations mean anything (apiserver `cacher.go`
/// `dispatchEvents`). An ERROR object is a `metav1.Status`, not a `T`.
public enum WatchEvent<T: Sendable>: Sendable {
    case added(KubeObject<T>)
    case modified(KubeObject<T>)
    case deleted(KubeObject<T>)
    case bookmark(resourceVersion: String, annotations: [String: String])
    case error(Status)

    /// Annotation on the bookmark that ends a WatchList's initial events
    /// (apimachinery `metav1.InitialEventsAnnotationKey`).
    public static var initialEventsEndAnnotation: String { "k8s.io/initial-events-end" }
}

extension WatchEvent: Equatable where T: Equatable {}

/// Raised when a line is valid JSON but not a watch event we understand.
public struct UnknownWatchEventType: Error, CustomStringConvertible {
    public var type: String
    public var description: String { "unknown watch event type \(type)" }
}

extension WatchEvent: Decodable where T: Decodable {
    private enum Keys: String, CodingKey { case type, object }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": self = .added(try c.decode(KubeObject<T>.self, forKey: .object))
        case "MODIFIED": self = .modified(try c.decode(KubeObject<T>.self, forKey: .object))
        case "DELETED": self = .deleted(try c.decode(KubeObject<T>.self, forKey: .object))
        case "BOOKMARK":
            let header = try c.decode(ObjectHeader.self, forKey: .object)
            self = .bookmark(resourceVersion: header.resourceVersion ?? "", annotations: header.annotations ?? [:])
        case "ERROR": self = .error(try c.decode(Status.self, forKey: .object))
        default: throw UnknownWatchEventType(type: type)
        }
    }
}
