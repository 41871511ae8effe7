import Foundation
import Testing
@testable import KubeClient

/// Locates kubectl on PATH; the parity suite is skipped (with that message) when it is absent.
enum Kubectl {
    static let path: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":").map { "\($0)/kubectl" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `kubectl config view --minify --raw -o json` and returns the decoded JSON.
    static func view(kubeconfigEnv: String?, explicit: String?, context: String?, flatten: Bool) async throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path))
        var args = ["config", "view", "--minify", "--raw", "-o", "json"]
        if flatten { args.append("--flatten") }
        if let context { args += ["--context", context] }
        if let explicit { args += ["--kubeconfig", explicit] }
        process.arguments = args
        let home = TempDir()
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["KUBECONFIG"] = kubeconfigEnv
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        // On a thread of its own: a blocked Swift concurrency thread would stall other tests' timers.
        let (status, data) = try await withCheckedThrowingContinuation { (c: CheckedContinuation<(Int32, Data), Error>) in
            Thread.detachNewThread {
                c.resume(with: Result {
                    try process.run()
                    let data = out.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    return (process.terminationStatus, data)
                })
            }
        }
        try #require(status == 0, "kubectl \(args.joined(separator: " ")) failed")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// One kubeconfig setup and context, resolved by kubectl and by `KubeconfigLoader`.
struct ParityCase: CustomTestStringConvertible, Sendable {
    let kubeconfigEnv: String?
    let explicit: String?
    let context: String?
    var testDescription: String { "KUBECONFIG=\(kubeconfigEnv ?? "-") --kubeconfig=\(explicit ?? "-") --context=\(context ?? "-")" }

    /// The kubeconfig files in effect, for resolving kubectl's unresolved relative paths.
    var files: [String] {
        (explicit.map { [$0] } ?? (kubeconfigEnv ?? "").split(separator: ":").map(String.init))
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    static let all: [ParityCase] = {
        let multi = KubeconfigFixtures.multi, a = KubeconfigFixtures.mergeA, b = KubeconfigFixtures.mergeB
        let merged = "\(a):\(KubeconfigFixtures.root)/merge/missing.yaml:\(b)"
        var cases = [nil, "prod", "staging", "lab", "files", "exec", "eks", "anonymous"]
            .map { ParityCase(kubeconfigEnv: multi, explicit: nil, context: $0) }
        cases += [nil, "shared", "a-only", "b-only", "b-shared-cluster"]
            .map { ParityCase(kubeconfigEnv: merged, explicit: nil, context: $0) }
        cases += [nil, "shared", "a-only"].map { ParityCase(kubeconfigEnv: "\(b):\(a)", explicit: nil, context: $0) }
        cases += [nil, "exec", "staging"].map { ParityCase(kubeconfigEnv: a, explicit: multi, context: $0) }
        return cases
    }()
}

/// For every fixture context, our resolution equals `kubectl config view --minify --raw` on the same files.
@Suite(.enabled(if: Kubectl.path != nil, "kubectl not found on PATH; kubeconfig parity with kubectl not checked"))
struct KubeconfigParityTests {
    @Test(arguments: ParityCase.all)
    func matchesKubectlConfigView(_ c: ParityCase) async throws {
        let raw = try await Kubectl.view(kubeconfigEnv: c.kubeconfigEnv, explicit: c.explicit, context: c.context, flatten: false)
        let flat = try await Kubectl.view(kubeconfigEnv: c.kubeconfigEnv, explicit: c.explicit, context: c.context, flatten: true)
        let ours = try KubeconfigFixtures.load(kubeconfig: c.kubeconfigEnv, explicit: c.explicit, context: c.context)
        let view = KubectlView(raw: raw, flat: flat, files: c.files)

        #expect(ours.server == view.cluster["server"] as? String)
        #expect(ours.namespace == (view.context["namespace"] as? String ?? "default"))
        #expect(ours.userDescription == (view.context["user"] as? String).flatMap { $0.isEmpty ? nil : $0 })
        #expect(ours.origin.hasSuffix("context \(raw["current-context"] as? String ?? "?")"))
        #expect(ours.tls.insecureSkipVerify == (view.cluster["insecure-skip-tls-verify"] as? Bool ?? false))
        #expect(ours.tls.serverName == view.cluster["tls-server-name"] as? String)
        #expect(ours.proxyURL == view.cluster["proxy-url"] as? String)
        try view.expectPEM(ours.tls.caData, ours.tls.caFile, key: "certificate-authority", in: \.cluster, flat: \.flatCluster)
        try view.expectPEM(ours.tls.clientCertificateData, ours.tls.clientCertificateFile,
                           key: "client-certificate", in: \.user, flat: \.flatUser)
        try view.expectPEM(ours.tls.clientKeyData, ours.tls.clientKeyFile, key: "client-key", in: \.user, flat: \.flatUser)
        view.expectCredentials(ours.credentials)
    }
}

/// kubectl's minified view of one context and the checks against our resolution.
struct KubectlView {
    let raw: [String: Any]
    let flat: [String: Any]
    let files: [String]

    private static func first(_ json: [String: Any], _ list: String, _ key: String) -> [String: Any] {
        ((json[list] as? [[String: Any]])?.first?[key] as? [String: Any]) ?? [:]
    }
    var cluster: [String: Any] { Self.first(raw, "clusters", "cluster") }
    var flatCluster: [String: Any] { Self.first(flat, "clusters", "cluster") }
    var user: [String: Any] { Self.first(raw, "users", "user") }
    var flatUser: [String: Any] { Self.first(flat, "users", "user") }
    var context: [String: Any] { Self.first(raw, "contexts", "context") }

    /// kubectl does not resolve relative paths in `config view`; they must resolve against the
    /// directory of one of the files in effect.
    func expectPath(_ ours: String, kubectl: String) {
        let candidates = kubectl.hasPrefix("/") ? [kubectl]
            : files.map { KubePath.resolve(kubectl, against: KubePath.directory(of: $0)) }
        #expect(candidates.contains(ours), "path \(ours) is not \(kubectl) resolved against \(files)")
    }

    /// `-data` must win and equal kubectl's decoded data; a file must hold exactly the bytes that
    /// kubectl's `--flatten` read from it.
    func expectPEM(_ data: Secret?, _ file: String?, key: String, in section: KeyPath<KubectlView, [String: Any]>,
                   flat: KeyPath<KubectlView, [String: Any]>) throws {
        let rawData = self[keyPath: section]["\(key)-data"] as? String
        let rawFile = self[keyPath: section][key] as? String
        let flatData = (self[keyPath: flat]["\(key)-data"] as? String).flatMap { Data(base64Encoded: $0) }
        if let rawData {
            #expect(data?.value == Data(base64Encoded: rawData).flatMap { String(data: $0, encoding: .utf8) }, "\(key)-data")
            #expect(file == nil, "\(key): data must win over file")
        } else if let rawFile {
            let ours = try #require(file, "\(key): kubectl has file \(rawFile), we have none")
            expectPath(ours, kubectl: rawFile)
            #expect(FileManager.default.contents(atPath: ours) == flatData, "\(key): different file than kubectl read")
            #expect(data == nil)
        } else {
            #expect(data == nil && file == nil, "\(key): kubectl has none")
        }
    }

    func expectCredentials(_ ours: CredentialSource) {
        if let tokenFile = user["tokenFile"] as? String {
            guard case .tokenFile(let path) = ours else { Issue.record("kubectl: tokenFile, ours: \(ours.kindLabel)"); return }
            expectPath(path, kubectl: tokenFile)
        } else if let token = user["token"] as? String {
            guard case .token(let secret) = ours else { Issue.record("kubectl: token, ours: \(ours.kindLabel)"); return }
            #expect(secret.value == token)
        } else if let exec = user["exec"] as? [String: Any] {
            guard case .exec(let plugin) = ours else { Issue.record("kubectl: exec, ours: \(ours.kindLabel)"); return }
            expectExec(plugin, exec)
        } else {
            #expect(ours.kindLabel == "none")
        }
    }

    private func expectExec(_ plugin: ExecPluginConfig, _ exec: [String: Any]) {
        let command = exec["command"] as? String ?? ""
        if command.contains("/") { expectPath(plugin.command, kubectl: command) } else { #expect(plugin.command == command) }
        #expect(plugin.apiVersion == exec["apiVersion"] as? String)
        #expect(plugin.args == (exec["args"] as? [String] ?? []))
        let env = (exec["env"] as? [[String: String]] ?? []).reduce(into: [String: String]()) { $0[$1["name"] ?? ""] = $1["value"] }
        #expect(plugin.env == env)
        #expect(plugin.provideClusterInfo == (exec["provideClusterInfo"] as? Bool ?? false))
        #expect(plugin.installHint == exec["installHint"] as? String)
        if let mode = exec["interactiveMode"] as? String { #expect(plugin.interactiveMode == mode) }
    }
}
