import Foundation

/// Configuration of a pod talking to its own cluster: `KUBERNETES_SERVICE_HOST/PORT` and the
/// mounted service-account token, CA and namespace (client-go `rest/config.go` `InClusterConfig`).
public enum InClusterConfig {
    /// Where kubelet mounts the service-account volume, relative to the filesystem root.
    public static let serviceAccountDirectory = "var/run/secrets/kubernetes.io/serviceaccount"

    /// True when the service environment variables are set (the files are checked by `load`).
    public static func isAvailable(environment: [String: String]) -> Bool {
        !(environment["KUBERNETES_SERVICE_HOST"] ?? "").isEmpty && !(environment["KUBERNETES_SERVICE_PORT"] ?? "").isEmpty
    }

    /// Builds the in-cluster config. `root` replaces `/` so tests can provide the files.
    public static func load(environment: [String: String], root: String = "/",
                            namespaceOverride: String? = nil) throws -> ClientConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            // Why: client-go's exact message (`rest/config.go` `ErrNotInCluster`).
            throw KubeconfigError(.inCluster,
                                  "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined")
        }
        let dir = KubePath.resolve(serviceAccountDirectory, against: root)
        let tokenPath = "\(dir)/token"
        // Why: client-go reads the token once while building the config and fails without it.
        guard let data = FileManager.default.contents(atPath: tokenPath) else {
            throw KubeconfigError(.inCluster, file: tokenPath, "cannot read the service account token")
        }
        var tls = TLSSettings()
        // Why: a missing CA is only logged by client-go; the TLS handshake then uses system roots.
        let caPath = "\(dir)/ca.crt"
        if FileManager.default.isReadableFile(atPath: caPath) { tls.caFile = caPath }
        var config = ClientConfig(server: "https://" + joinHostPort(host, port), namespace: "default", tls: tls,
                                  credentials: .tokenFile(path: tokenPath), origin: "in-cluster service account")
        config.namespace = namespace(environment: environment, directory: dir, override: namespaceOverride)
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        config.userDescription = ServiceAccountToken.subject(of: token) ?? "in-cluster service account"
        return config
    }

    /// Go `net.JoinHostPort`: IPv6 literals (anything with a colon) get brackets.
    static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Why this order: `POD_NAMESPACE`, then the namespace file, then `default`
    /// (client-go `client_config.go` `inClusterClientConfig.Namespace`).
    private static func namespace(environment: [String: String], directory: String, override: String?) -> String {
        if let override, !override.isEmpty { return override }
        if let ns = environment["POD_NAMESPACE"], !ns.isEmpty { return ns }
        if let data = FileManager.default.contents(atPath: "\(directory)/namespace") {
            let ns = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !ns.isEmpty { return ns }
        }
        return "default"
    }
}

/// Reads the (non-secret) subject claim of a service-account JWT, e.g.
/// `system:serviceaccount:ml:restartwatch`, for 401/403 messages. Never returns token material.
enum ServiceAccountToken {
    static func subject(of token: String) -> String? {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var payload = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        guard let data = Data(base64Encoded: payload),
              let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let sub = claims["sub"] as? String, sub.hasPrefix("system:serviceaccount:") else { return nil }
        return sub
    }
}
