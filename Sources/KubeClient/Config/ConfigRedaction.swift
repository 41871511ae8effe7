import Foundation

// Descriptions and mirrors of config and provider types show only what is safe to log: no token,
// key, CA data, exec env value or arg, and no proxy credentials. `dump()` uses the mirrors.

extension ClientConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var parts = ["server: \(server)", "namespace: \(namespace)", "credentials: \(credentials.summary)",
                     "origin: \(origin)"]
        if let userDescription { parts.append("user: \(userDescription)") }
        if let proxyURL { parts.append("proxy: \(Self.withoutUserInfo(proxyURL))") }
        parts.append("tls: \(tls.summary)")
        return "ClientConfig(\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["server": server, "namespace": namespace, "credentials": credentials.summary,
                                "origin": origin, "user": userDescription ?? "-", "tls": tls.summary,
                                "proxy": proxyURL.map(Self.withoutUserInfo) ?? "-"], displayStyle: .struct)
    }

    /// `http://user:pass@proxy:3128` → `http://proxy:3128`.
    static func withoutUserInfo(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + url[url.index(after: at)...]
    }
}

extension TLSSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Which TLS material is present and where it comes from, never its content.
    var summary: String {
        var parts: [String] = []
        if caData != nil { parts.append("ca: inline") } else if let caFile { parts.append("ca: \(caFile)") }
        if clientCertificateData != nil {
            parts.append("client certificate: inline")
        } else if let clientCertificateFile {
            parts.append("client certificate: \(clientCertificateFile)")
        }
        if let serverName { parts.append("server name: \(serverName)") }
        if insecureSkipVerify { parts.append("insecure-skip-tls-verify") }
        return parts.isEmpty ? "system roots" : parts.joined(separator: "; ")
    }

    public var description: String { "TLSSettings(\(summary))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["summary": summary], displayStyle: .struct) }
}

extension CredentialSource: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// e.g. `token`, `tokenFile /var/run/.../token`, `exec aws`.
    var summary: String {
        switch self {
        case .none: return "none"
        case .token: return "token"
        case .tokenFile(let path): return "tokenFile \(path)"
        case .exec(let plugin): return "exec \(plugin.command)"
        }
    }

    public var description: String { summary }
    public var debugDescription: String { "CredentialSource(\(summary))" }
    public var customMirror: Mirror { Mirror(self, children: ["summary": summary], displayStyle: .enum) }
}

extension ExecPluginConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Args and env values may carry secrets (`--token=…`); only their count and env names show.
    public var description: String {
        "ExecPluginConfig(command: \(command), apiVersion: \(apiVersion), args: \(args.count), "
            + "env: [\(env.keys.sorted().joined(separator: ", "))])"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}

extension TokenFileCredentialProvider: CustomStringConvertible, CustomReflectable {
    public nonisolated var description: String { "TokenFileCredentialProvider(\(path))" }
    public nonisolated var customMirror: Mirror { Mirror(self, children: ["path": path]) }
}

extension ExecCredentialProvider: CustomStringConvertible, CustomReflectable {
    public nonisolated var description: String { "ExecCredentialProvider(\(plugin.description))" }
    public nonisolated var customMirror: Mirror { Mirror(self, children: ["plugin": plugin.description]) }
}

extension StaticCredentialProvider: CustomStringConvertible, CustomReflectable {
    public var description: String { token == nil ? "StaticCredentialProvider(none)" : "StaticCredentialProvider(token)" }
    public var customMirror: Mirror { Mirror(self, children: ["token": token == nil ? "none" : "<redacted>"]) }
}
