/// Where a model server keeps downloaded weights, and whether that survives a container restart.
public struct CacheAssessment: Sendable, Hashable {
    public enum Persistence: String, Sendable, Hashable, Codable {
        /// A PersistentVolumeClaim (or hostPath / NFS / CSI) is mounted at the cache path.
        case persistent
        /// An emptyDir: survives container restarts, not pod recreation.
        case podLifetime
        /// The container's writable layer: every restart starts from zero.
        case none
        /// Cannot tell (e.g. model baked into the image, or unknown server).
        case unknown
    }
    public var persistence: Persistence
    /// The cache directory the server uses (`/root/.cache/huggingface`, `--download-dir`, TGI `/data`, …).
    public var cachePath: String?
    /// The volume mounted there, if any.
    public var volumeName: String?
    public var detail: String

    public init(persistence: Persistence, cachePath: String?, volumeName: String?, detail: String) {
        self.persistence = persistence
        self.cachePath = cachePath
        self.volumeName = volumeName
        self.detail = detail
    }

    /// True when a container restart re-downloads the model (raising the budget alone won't converge).
    public var restartsFromZero: Bool { persistence == .none }
}

public enum CacheLocator {
    /// Assesses the model cache of `container` given the pod's volumes.
    public static func assess(_ container: Container, volumes: [Volume]) -> CacheAssessment {
        CacheAssessment(persistence: .unknown, cachePath: nil, volumeName: nil, detail: "not assessed") // PLACEHOLDER
    }
}
