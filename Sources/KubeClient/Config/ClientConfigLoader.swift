import Foundation

/// What the CLI calls: kubeconfig as kubectl resolves it, falling back to the in-cluster service
/// account when no kubeconfig exists at all, as client-go's `DeferredLoadingClientConfig` does.
public enum ClientConfigLoader {
    /// - Parameters:
    ///   - inClusterRoot: filesystem root for the service-account files (tests pass a temp dir).
    public static func load(explicitPath: String?, context: String?, namespaceOverride: String?,
                            environment: [String: String], homeDirectory: String,
                            inClusterRoot: String = "/") throws -> ClientConfig {
        do {
            return try KubeconfigLoader.load(explicitPath: explicitPath, context: context,
                                             namespaceOverride: namespaceOverride,
                                             environment: environment, homeDirectory: homeDirectory)
        } catch let error as KubeconfigError where error.kind == .noConfiguration {
            // Why: client-go uses the in-cluster config only when the kubeconfig is empty and
            // `KUBERNETES_SERVICE_HOST/PORT` are set (`client_config.go`
            // `DeferredLoadingClientConfig.ClientConfig`, `inClusterClientConfig.Possible`).
            guard InClusterConfig.isAvailable(environment: environment) else { throw error }
            return try InClusterConfig.load(environment: environment, root: inClusterRoot,
                                            namespaceOverride: namespaceOverride)
        }
    }
}
