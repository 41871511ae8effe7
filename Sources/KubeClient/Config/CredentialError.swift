import Foundation

/// A failure to obtain request credentials (token file, exec plugin). Descriptions name the file
/// or command and never contain a token, key or plugin stdout.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// What failed, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        case tokenFileUnreadable, tokenFileEmpty
        case execNotFound, execFailed, execTimedOut, execBadOutput, execClusterInfo
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
