import Foundation
@testable import KubeClient

/// Paths to the kubeconfig fixtures and throwaway directories for tests that write files.
enum KubeconfigFixtures {
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kubeconfig").path
    static var multi: String { "\(root)/multi/config" }
    static var mergeA: String { "\(root)/merge/a.yaml" }
    static var mergeB: String { "\(root)/merge/b/b.yaml" }

    /// Loads with only `KUBECONFIG` set and a home directory that has no kubeconfig.
    static func load(kubeconfig: String? = nil, explicit: String? = nil, context: String? = nil,
                     namespace: String? = nil) throws -> ClientConfig {
        var env: [String: String] = [:]
        if let kubeconfig { env["KUBECONFIG"] = kubeconfig }
        return try KubeconfigLoader.load(explicitPath: explicit, context: context, namespaceOverride: namespace,
                                         environment: env, homeDirectory: "/nonexistent-home", currentDirectory: "/")
    }

    static func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }
}

/// A temporary directory removed when the value is deinitialised.
final class TempDir: @unchecked Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "kcfg-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let file = "\(path)/\(name)"
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }
}

extension CredentialSource {
    /// Short label for assertions.
    var kindLabel: String {
        switch self {
        case .none: return "none"
        case .token: return "token"
        case .tokenFile: return "tokenFile"
        case .exec: return "exec"
        }
    }
}
