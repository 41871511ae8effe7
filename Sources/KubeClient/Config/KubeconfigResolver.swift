import Foundation

/// Turns the selected context of a merged kubeconfig into a `ClientConfig`, validating only the
/// cluster and user that context uses, as client-go's `ConfirmUsable` does.
struct KubeconfigResolver {
    let merged: MergedKubeconfig

    func resolve(context requested: String?, namespaceOverride: String?) throws -> ClientConfig {
        let context = try selectContext(requested)
        let ctxPath = "\(context.keyPath).context"
        guard let clusterName = context.value.cluster else {
            throw KubeconfigError(.invalid, file: context.file, keyPath: ctxPath, "cluster is required")
        }
        guard let cluster = merged.clusters[clusterName] else {
            throw KubeconfigError(.invalid, file: context.file, keyPath: "\(ctxPath).cluster",
                                  "cluster \"\(clusterName)\" is not defined; clusters: \(list(merged.clusters.keys))")
        }
        var config = try ClusterResolver(entry: cluster).resolve()
        if let userName = context.value.user {
            // Why stricter than kubectl: kubectl silently goes anonymous when the named user is
            // missing; a daemon would then fail later with a confusing 401/403.
            guard let user = merged.users[userName] else {
                throw KubeconfigError(.invalid, file: context.file, keyPath: "\(ctxPath).user",
                                      "user \"\(userName)\" is not defined; users: \(list(merged.users.keys))")
            }
            try UserResolver(entry: user, cluster: cluster.value).apply(to: &config)
            config.userDescription = userName
        }
        // Why: --namespace wins, then the context's namespace, then "default"
        // (client-go `client_config.go` `DirectClientConfig.Namespace`).
        config.namespace = namespaceOverride.flatMap { $0.isEmpty ? nil : $0 } ?? context.value.namespace ?? "default"
        config.origin = "kubeconfig \(merged.files.joined(separator: ":")), context \(context.name)"
        return config
    }

    private func selectContext(_ requested: String?) throws -> KubeconfigEntry<ContextEntry> {
        let available = list(merged.contexts.keys)
        guard let name = requested.flatMap({ $0.isEmpty ? nil : $0 }) ?? merged.currentContext else {
            throw KubeconfigError(.noCurrentContext,
                                  "no context given with --context and current-context is not set in \(merged.files.joined(separator: ", ")); contexts: \(available)")
        }
        guard let context = merged.contexts[name] else {
            throw KubeconfigError(.unknownContext,
                                  "context \"\(name)\" does not exist in \(merged.files.joined(separator: ", ")); contexts: \(available)")
        }
        return context
    }

    private func list(_ names: Dictionary<String, some Any>.Keys) -> String {
        names.isEmpty ? "(none)" : names.sorted().joined(separator: ", ")
    }
}

/// Validates one cluster entry and builds the server/TLS part of the config.
struct ClusterResolver {
    let entry: KubeconfigEntry<ClusterEntry>

    func resolve() throws -> ClientConfig {
        let c = entry.value
        let path = "\(entry.keyPath).cluster"
        guard var server = c.server else {
            throw KubeconfigError(.invalid, file: entry.file, keyPath: path, "server is required")
        }
        // Why: with both, client-go's transport refuses to build (`transport/transport.go`
        // `TLSConfigFor`: "specifying a root certificates file with the insecure flag is not allowed").
        if c.insecureSkipTLSVerify && (c.certificateAuthority != nil || c.certificateAuthorityData != nil) {
            throw KubeconfigError(.invalid, file: entry.file, keyPath: path,
                                  "specifying a root certificates file with the insecure flag is not allowed")
        }
        var tls = TLSSettings(serverName: c.tlsServerName, insecureSkipVerify: c.insecureSkipTLSVerify)
        if let data = c.certificateAuthorityData {
            tls.caData = data   // Why: data wins over the file (validation.go "will override").
        } else if let file = c.certificateAuthority {
            try requireReadable(file, key: "\(path).certificate-authority")
            tls.caFile = file
        }
        if let proxy = c.proxyURL {
            let scheme = proxy.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            guard ["http", "https", "socks5"].contains(scheme), proxy.contains("://") else {
                throw KubeconfigError(.invalid, file: entry.file, keyPath: "\(path).proxy-url",
                                      "proxy URL scheme must be http, https or socks5")
            }
        }
        // Why: a host without scheme gets https when TLS is configured, else http
        // (client-go `rest/url_utils.go` `DefaultServerURL`).
        if !server.contains("://") {
            let tlsConfigured = tls.caData != nil || tls.caFile != nil || tls.insecureSkipVerify || tls.serverName != nil
            server = (tlsConfigured ? "https://" : "http://") + server
        }
        while server.hasSuffix("/") { server.removeLast() }
        var config = ClientConfig(server: server, tls: tls, proxyURL: c.proxyURL, origin: entry.file)
        config.disableCompression = c.disableCompression
        return config
    }

    private func requireReadable(_ file: String, key: String) throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw KubeconfigError(.unreadable, file: entry.file, keyPath: key, "cannot read file \(file)")
        }
    }
}
