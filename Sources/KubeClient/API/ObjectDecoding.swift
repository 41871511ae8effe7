import Foundation

/// How the objects of a LIST page or a WATCH stream become `T`s: with `JSONDecoder` for any
/// `Decodable` type, or with `JSONScanner` for a `JSONScannable` one, which reads only the fields
/// it wants and skips the rest unbuilt (the watch path's choice, issue #6).
public struct ObjectDecoding<T: Sendable>: Sendable {
    /// One list item: the bytes of one object.
    public let item: @Sendable (UnsafeRawBufferPointer) throws -> KubeObject<T>
    /// One watch line.
    public let event: @Sendable (Data) throws -> WatchEvent<T>

    public init(item: @escaping @Sendable (UnsafeRawBufferPointer) throws -> KubeObject<T>,
                event: @escaping @Sendable (Data) throws -> WatchEvent<T>) {
        self.item = item
        self.event = event
    }
}

extension ObjectDecoding where T: Decodable {
    /// Everything `T`'s `Decodable` conformance reads, through `JSONDecoder`.
    public static var decodable: ObjectDecoding<T> {
        ObjectDecoding(item: { bytes in try JSONDecoder().decode(KubeObject<T>.self, from: Data(bytes)) },
                       event: { line in try JSONDecoder().decode(WatchEvent<T>.self, from: line) })
    }
}

extension ObjectDecoding where T: JSONScannable {
    /// Only what `T` scans for; everything else is skipped without being built.
    public static var scanned: ObjectDecoding<T> {
        ObjectDecoding(item: { bytes in
                           var s = JSONScanner(bytes)
                           let object = try KubeObject<T>.scan(&s)
                           try s.expectEnd()
                           return object
                       },
                       event: { line in try WatchEvent<T>.scan(line) })
    }
}
