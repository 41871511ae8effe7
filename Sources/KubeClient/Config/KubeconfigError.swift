import Foundation

/// A kubeconfig or in-cluster configuration problem. The description names the file, the key path
/// and what is wrong, and never contains a value that could be a secret.
public struct KubeconfigError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// What went wrong, for callers that branch on it (exit codes, in-cluster fallback).
    public enum Kind: Sendable, Equatable {
        /// An explicitly named file (`--kubeconfig`) does not exist.
        case fileNotFound
        /// A file exists but cannot be read.
        case unreadable
        /// YAML syntax error; `line` is set.
        case syntax
        /// A key has the wrong type or a required key is missing.
        case invalid
        /// `--context` (or current-context) names a context that no file defines.
        case unknownContext
        /// No `--context` and no file sets `current-context`.
        case noCurrentContext
        /// No kubeconfig file exists at all.
        case noConfiguration
        /// A feature restartwatch deliberately does not implement (auth-provider, basic auth, impersonation).
        case unsupported
        /// In-cluster environment or service-account files missing.
        case inCluster
    }

    public let kind: Kind
    /// The kubeconfig file the problem is in, when there is one.
    public let file: String?
    /// Dotted key path inside `file`, e.g. `users[1].user.exec`.
    public let keyPath: String?
    /// 1-based line for syntax errors (and for type errors when known).
    public let line: Int?
    public let message: String

    public init(_ kind: Kind, file: String? = nil, keyPath: String? = nil, line: Int? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let file {
            parts.append(line.map { "\(file): line \($0)" } ?? file)
        }
        if let keyPath, !keyPath.isEmpty { parts.append(keyPath) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    public var errorDescription: String? { description }
}
