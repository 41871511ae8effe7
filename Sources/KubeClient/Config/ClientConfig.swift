import Foundation

/// Everything the transport needs to reach one API server, resolved from a kubeconfig context
/// or from the in-cluster service-account files. Secrets are wrapped in `Secret` so that no
/// `print`, log line or error description can show them.
public struct ClientConfig: Sendable {
    /// Base URL, e.g. `https://10.0.0.1:6443` (no trailing slash).
    public var server: String
    /// The context's namespace, `default` if unset (client-go `clientcmd`).
    public var namespace: String
    public var tls: TLSSettings
    /// `proxy-url` of the cluster entry (http, https, socks5).
    public var proxyURL: String?
    /// How requests authenticate; client certificates live in `tls`.
    public var credentials: CredentialSource
    /// Human description of where this came from ("kubeconfig /root/.kube/config, context prod",
    /// "in-cluster service account"), used in error messages.
    public var origin: String
    /// Name of the user entry (kubeconfig) or service account, for 401/403 messages. Never a secret.
    public var userDescription: String?
    /// Kubernetes clients do not send credentials over plain http (kubernetes-facts §5.3a).
    public var allowCredentialsOverHTTP: Bool
    public var connectTimeoutSeconds: Double
    public var userAgent: String
    /// kubeconfig `disable-compression`: do not ask for gzip responses.
    public var disableCompression: Bool = false

    public init(server: String, namespace: String = "default", tls: TLSSettings = TLSSettings(), proxyURL: String? = nil,
                credentials: CredentialSource = .none, origin: String, userDescription: String? = nil,
                allowCredentialsOverHTTP: Bool = false, connectTimeoutSeconds: Double = 10,
                userAgent: String = "restartwatch") {
        self.server = server
        self.namespace = namespace
        self.tls = tls
        self.proxyURL = proxyURL
        self.credentials = credentials
        self.origin = origin
        self.userDescription = userDescription
        self.allowCredentialsOverHTTP = allowCredentialsOverHTTP
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.userAgent = userAgent
    }
}

/// TLS material; `*Data` wins over the file variant, as in kubeconfig.
public struct TLSSettings: Sendable {
    public var caFile: String?
    public var caData: Secret?
    public var clientCertificateFile: String?
    public var clientCertificateData: Secret?
    public var clientKeyFile: String?
    public var clientKeyData: Secret?
    /// `tls-server-name`: the name verified in the server certificate (and sent as SNI).
    public var serverName: String?
    /// Only ever true when the kubeconfig says `insecure-skip-tls-verify: true`.
    public var insecureSkipVerify: Bool

    public init(caFile: String? = nil, caData: Secret? = nil, clientCertificateFile: String? = nil,
                clientCertificateData: Secret? = nil, clientKeyFile: String? = nil, clientKeyData: Secret? = nil,
                serverName: String? = nil, insecureSkipVerify: Bool = false) {
        self.caFile = caFile
        self.caData = caData
        self.clientCertificateFile = clientCertificateFile
        self.clientCertificateData = clientCertificateData
        self.clientKeyFile = clientKeyFile
        self.clientKeyData = clientKeyData
        self.serverName = serverName
        self.insecureSkipVerify = insecureSkipVerify
    }
}

/// Where bearer credentials come from.
public enum CredentialSource: Sendable {
    case none
    /// A static token from the kubeconfig.
    case token(Secret)
    /// A file re-read periodically (bound service-account tokens rotate) and after a 401.
    case tokenFile(path: String)
    /// An exec credential plugin (client.authentication.k8s.io/v1 or v1beta1).
    case exec(ExecPluginConfig)
}

/// kubeconfig `users[].user.exec`.
public struct ExecPluginConfig: Sendable, Hashable {
    public var apiVersion: String
    public var command: String
    public var args: [String]
    public var env: [String: String]
    public var interactiveMode: String?
    public var provideClusterInfo: Bool
    public var installHint: String?
    /// JSON of the cluster's `client.authentication.k8s.io/exec` extension, passed to the plugin
    /// as `spec.cluster.config` when `provideClusterInfo` is true.
    public var clusterConfigJSON: String? = nil

    public init(apiVersion: String, command: String, args: [String] = [], env: [String: String] = [:],
                interactiveMode: String? = nil, provideClusterInfo: Bool = false, installHint: String? = nil) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.interactiveMode = interactiveMode
        self.provideClusterInfo = provideClusterInfo
        self.installHint = installHint
    }
}

/// A secret value (token, key, webhook URL). Its descriptions never show the value.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "Secret(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
