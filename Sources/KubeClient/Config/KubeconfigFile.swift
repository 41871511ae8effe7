import Foundation
import Yams

/// One entry of a kubeconfig list (`clusters`, `users`, `contexts`), remembering where it was
/// defined: relative paths resolve against `file`'s directory and errors cite `keyPath`.
struct KubeconfigEntry<Value> {
    let name: String
    let file: String
    /// e.g. `users[1]`.
    let keyPath: String
    let value: Value
}

/// `clusters[].cluster`.
struct ClusterEntry {
    var server: String?
    var certificateAuthority: String?
    var certificateAuthorityData: Secret?
    var insecureSkipTLSVerify = false
    var tlsServerName: String?
    var proxyURL: String?
    var disableCompression = false
    /// `extensions[name=client.authentication.k8s.io/exec].extension`, handed to exec plugins.
    var execExtension: JSONValue?
}

/// `users[].user.exec`, before validation (client-go validates only the user actually used).
struct ExecEntry {
    var apiVersion: String?
    var command: String?
    var args: [String] = []
    var env: [(name: String?, value: String?)] = []
    var interactiveMode: String?
    var provideClusterInfo = false
    var installHint: String?
}

/// `users[].user`.
struct UserEntry {
    var clientCertificate: String?
    var clientCertificateData: Secret?
    var clientKey: String?
    var clientKeyData: Secret?
    var token: Secret?
    var tokenFile: String?
    var exec: ExecEntry?
    /// Keys present that restartwatch refuses rather than silently ignores.
    var unsupportedKeys: [String] = []
}

/// `contexts[].context`.
struct ContextEntry {
    var cluster: String?
    var user: String?
    var namespace: String?
}

/// One parsed kubeconfig file.
struct KubeconfigFile {
    let path: String
    var currentContext: String?
    var clusters: [KubeconfigEntry<ClusterEntry>] = []
    var users: [KubeconfigEntry<UserEntry>] = []
    var contexts: [KubeconfigEntry<ContextEntry>] = []

    /// Parses `text` read from `path`. Relative paths inside are resolved here against the
    /// file's directory (client-go `loader.go` `ResolveLocalPaths`).
    static func parse(_ text: String, path: String) throws -> KubeconfigFile {
        var file = KubeconfigFile(path: path)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, path: path)
        }
        let top = YAMLCursor(file: path, path: "", node: root)
        try top.requireMapping()
        file.currentContext = try top.child("current-context").nonEmptyString()
        let directory = KubePath.directory(of: path)
        file.clusters = try entries(top, "clusters", "cluster") { try parseCluster($0, directory: directory) }
        file.users = try entries(top, "users", "user") { try parseUser($0, directory: directory) }
        file.contexts = try entries(top, "contexts", "context") { try parseContext($0) }
        return file
    }

    /// Reads a named list; a name defined twice in one file is an error, as in client-go's
    /// v1 → internal conversion (`Convert_Slice_v1_NamedCluster_To_Map_string_To_Pointer_api_Cluster`).
    private static func entries<T>(_ top: YAMLCursor, _ listKey: String, _ valueKey: String,
                                   _ parse: (YAMLCursor) throws -> T) throws -> [KubeconfigEntry<T>] {
        var seen = Set<String>()
        return try top.child(listKey).elements().map { element in
            try element.requireMapping()
            let name = try element.child("name").string() ?? ""
            if !seen.insert(name).inserted {
                throw element.child("name").fail("duplicate name \"\(name)\" in \(listKey)")
            }
            let value = element.child(valueKey)
            try value.requireMapping()
            return KubeconfigEntry(name: name, file: top.file, keyPath: element.path, value: try parse(value))
        }
    }

    private static func parseCluster(_ c: YAMLCursor, directory: String) throws -> ClusterEntry {
        var entry = ClusterEntry()
        entry.server = try c.child("server").nonEmptyString()
        entry.certificateAuthority = try c.child("certificate-authority").nonEmptyString()
            .map { KubePath.resolve($0, against: directory) }
        entry.certificateAuthorityData = try base64Secret(c.child("certificate-authority-data"))
        entry.insecureSkipTLSVerify = try c.child("insecure-skip-tls-verify").bool()
        entry.tlsServerName = try c.child("tls-server-name").nonEmptyString()
        entry.proxyURL = try c.child("proxy-url").nonEmptyString()
        entry.disableCompression = try c.child("disable-compression").bool()
        for ext in try c.child("extensions").elements() {
            try ext.requireMapping()
            if try ext.child("name").string() == "client.authentication.k8s.io/exec" {
                entry.execExtension = ext.child("extension").jsonValue()
            }
        }
        return entry
    }

    private static func parseUser(_ u: YAMLCursor, directory: String) throws -> UserEntry {
        var entry = UserEntry()
        entry.clientCertificate = try u.child("client-certificate").nonEmptyString()
            .map { KubePath.resolve($0, against: directory) }
        entry.clientCertificateData = try base64Secret(u.child("client-certificate-data"))
        entry.clientKey = try u.child("client-key").nonEmptyString().map { KubePath.resolve($0, against: directory) }
        entry.clientKeyData = try base64Secret(u.child("client-key-data"))
        entry.token = try u.child("token").nonEmptyString().map(Secret.init)
        entry.tokenFile = try u.child("tokenFile").nonEmptyString().map { KubePath.resolve($0, against: directory) }
        let exec = u.child("exec")
        if exec.isPresent { entry.exec = try parseExec(exec, directory: directory) }
        for key in ["auth-provider", "username", "password", "as", "as-uid", "as-groups", "as-user-extra"]
        where u.child(key).isPresent {
            entry.unsupportedKeys.append(key)
        }
        return entry
    }

    private static func parseExec(_ e: YAMLCursor, directory: String) throws -> ExecEntry {
        try e.requireMapping()
        var entry = ExecEntry()
        entry.apiVersion = try e.child("apiVersion").nonEmptyString()
        // Why: only a command containing a path separator is a file reference; a bare name is
        // looked up in PATH (client-go `GetAuthInfoFileReferences`).
        entry.command = try e.child("command").nonEmptyString()
            .map { $0.contains("/") ? KubePath.resolve($0, against: directory) : $0 }
        entry.args = try e.child("args").elements().map { try $0.string() ?? "" }
        entry.env = try e.child("env").elements().map { item in
            try item.requireMapping()
            return (try item.child("name").nonEmptyString(), try item.child("value").string())
        }
        entry.interactiveMode = try e.child("interactiveMode").nonEmptyString()
        entry.provideClusterInfo = try e.child("provideClusterInfo").bool()
        entry.installHint = try e.child("installHint").nonEmptyString()
        return entry
    }

    private static func parseContext(_ c: YAMLCursor) throws -> ContextEntry {
        ContextEntry(cluster: try c.child("cluster").nonEmptyString(),
                     user: try c.child("user").nonEmptyString(),
                     namespace: try c.child("namespace").nonEmptyString())
    }

    /// `*-data` keys hold base64 of the PEM bytes (Go `[]byte` JSON decoding, standard alphabet).
    private static func base64Secret(_ cursor: YAMLCursor) throws -> Secret? {
        guard let text = try cursor.nonEmptyString() else { return nil }
        let compact = text.filter { $0 != "\n" && $0 != "\r" }
        guard let data = Data(base64Encoded: compact), let pem = String(data: data, encoding: .utf8) else {
            throw cursor.fail("not valid base64-encoded PEM data")
        }
        return Secret(pem)
    }

    /// Turns a Yams error into one naming the file and line, without Yams' source snippet
    /// (the snippet could contain a token).
    private static func syntaxError(_ error: YamlError, path: String) -> KubeconfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) (line \($0.mark.line)): \(problem)" } ?? problem
            return KubeconfigError(.syntax, file: path, line: mark.line, "invalid YAML (column \(mark.column)): \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return KubeconfigError(.syntax, file: path, line: context.mark.line,
                                   "invalid YAML: duplicated keys \(duplicates.sorted().joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return KubeconfigError(.syntax, file: path, "invalid YAML: \(problem)")
        default:
            return KubeconfigError(.syntax, file: path, "invalid YAML")
        }
    }
}
