import Foundation

/// Small JSON files in the state directory (systemd `StateDirectory`, a volume in a pod), written
/// atomically (temporary file + rename) so a crash never leaves half a file.
struct StateStore: Sendable {
    let directory: String

    init(directory: String) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(file: directory, keyPath: "stateDirectory", problem: "cannot create the state directory: \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw ConfigError(file: directory, keyPath: "stateDirectory", problem: "the state directory is not writable")
        }
    }

    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    func load<T: Decodable>(_ type: T.Type, from name: String) throws -> T? {
        guard let data = FileManager.default.contents(atPath: path(name)) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ConfigError(file: path(name), keyPath: "", problem: "state file is corrupt (\(DecodeErrorText.describe(error))); move it away to start fresh")
        }
    }

    func save<T: Encodable>(_ value: T, to name: String) throws {
        let data = try JSONEncoder.sortedKeys.encode(value)
        let tmp = path(".\(name).tmp")
        guard FileManager.default.createFile(atPath: tmp, contents: data) else {
            throw ConfigError(file: tmp, keyPath: "", problem: "cannot write state")
        }
        if rename(tmp, path(name)) != 0 {
            throw ConfigError(file: path(name), keyPath: "", problem: "cannot replace state file (errno \(errno))")
        }
    }
}
