import Diagnosis
import Foundation
import KubeClient
import Logging

/// Turns kubectl-style options into a live API client: kubeconfig exactly as kubectl resolves it
/// (`--kubeconfig`, `KUBECONFIG`, `~/.kube/config`), falling back to the in-cluster service account.
struct ClusterConnection {
    var config: ClientConfig
    var api: CurlKubeAPI

    static func connect(_ options: ClusterOptions, logger: Logger,
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClusterConnection {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let config = try ClientConfigLoader.load(explicitPath: options.kubeconfig, context: options.context,
                                                 namespaceOverride: options.namespaces.first, environment: environment,
                                                 homeDirectory: home)
        let credentials = CredentialProviders.make(for: config, environment: environment, logger: logger)
        return ClusterConnection(config: config, api: CurlKubeAPI(config: config, credentials: credentials, logger: logger))
    }

    /// Which namespaces to watch: `-A` → all; `-n` → those; else the config file's list (empty = all);
    /// else, as kubectl does, the context's namespace.
    static func namespaces(_ options: ClusterOptions, config: RestartWatchConfig, configGiven: Bool, contextNamespace: String) -> [String] {
        if options.allNamespaces { return [] }
        if !options.namespaces.isEmpty { return options.namespaces }
        if configGiven { return config.namespaces }
        return [contextNamespace]
    }
}
