import Foundation

/// A piece of a paginated LIST.
public enum ListChunk<T: Sendable>: Sendable {
    case page([KubeObject<T>])
    /// The continue token expired (HTTP 410); the list starts again from the first page, so
    /// everything delivered before belongs to a snapshot that no longer exists: drop it.
    case restarted
}

extension KubeAPI {
    /// Lists every object page by page, handing each page to `onChunk` as it arrives (one page
    /// in memory at a time). Returns the list's resourceVersion, the point to watch from.
    ///
    /// Why restart on 410: a continue token is tied to one etcd snapshot; once compacted the
    /// apiserver answers 410 Expired and the remaining pages no longer exist (apiserver
    /// `etcd3/errors.go` `handleCompactedErrorForPaging`; client-go `pager` `FullListIfExpired`).
    /// The restart is a fresh consistent list (no resourceVersion). Gives up after `maxRestarts`.
    public func listAll<T: Sendable>(
        _ resource: Resource, namespace: String?, options: ListOptions = ListOptions(),
        pageSize: Int = ResourceVersionRules.defaultPageSize, maxRestarts: Int = 3, decoding: ObjectDecoding<T>,
        onChunk: (ListChunk<T>) async throws -> Void
    ) async throws -> String {
        var restarts = 0
        var current = options
        current.limit = pageSize
        current.continueToken = nil
        while true {
            let page: ObjectList<T>
            do {
                page = try await listPage(resource, namespace: namespace, options: current, decoding: decoding)
            } catch let error as KubeError where error.kind == .expired && restarts < maxRestarts {
                restarts += 1
                try await onChunk(.restarted)
                current = options
                current.limit = pageSize
                current.continueToken = nil
                current.resourceVersion = nil
                current.resourceVersionMatch = nil
                continue
            }
            try await onChunk(.page(page.items))
            guard let token = page.metadata.continue, !token.isEmpty else { return page.metadata.resourceVersion ?? "" }
            // Continue requests carry the token instead of a resourceVersion (client-go `pager`).
            current.continueToken = token
            current.resourceVersion = nil
            current.resourceVersionMatch = nil
        }
    }

    /// `listAll` decoding with `JSONDecoder`.
    public func listAll<T: Decodable & Sendable>(
        _ resource: Resource, namespace: String?, options: ListOptions = ListOptions(),
        pageSize: Int = ResourceVersionRules.defaultPageSize, maxRestarts: Int = 3, as type: T.Type,
        onChunk: (ListChunk<T>) async throws -> Void
    ) async throws -> String {
        try await listAll(resource, namespace: namespace, options: options, pageSize: pageSize, maxRestarts: maxRestarts,
                          decoding: .decodable, onChunk: onChunk)
    }
}
