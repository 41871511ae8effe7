import Foundation
import Testing
@testable import KubeClient

/// kubeconfig resolution: contexts, merge order, relative paths, defaults.
@Suite struct KubeconfigLoaderTests {
    let root = KubeconfigFixtures.root

    @Test func currentContextWithStaticTokenAndInlineCA() throws {
        let config = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi)
        #expect(config.server == "https://10.0.0.1:6443")
        #expect(config.namespace == "ml")
        guard case .token(let token) = config.credentials else { Issue.record("not a token"); return }
        #expect(token.value == "SECRET-TOKEN-MULTI-STATIC")
        #expect(config.tls.caData?.value.contains("CA-PROD-INLINE") == true)
        #expect(config.tls.caFile == nil)
        #expect(config.userDescription == "token-user")
        #expect(config.origin == "kubeconfig \(KubeconfigFixtures.multi), context prod")
    }

    @Test func relativeCertificateFilesResolveAgainstTheKubeconfigDirectory() throws {
        let config = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, context: "staging")
        #expect(config.server == "https://staging.example.com:6443")
        #expect(config.namespace == "default")
        #expect(config.tls.caFile == "\(root)/multi/certs/ca.crt")
        #expect(config.tls.clientCertificateFile == "\(root)/multi/certs/client.crt")
        #expect(config.tls.clientKeyFile == "\(root)/multi/certs/client.key")
        #expect(config.proxyURL == "http://proxy.example.com:3128")
        #expect(config.credentials.kindLabel == "none")
    }

    @Test func inlineClientCertificateAndInsecureCluster() throws {
        let config = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, context: "lab")
        #expect(config.server == "https://[fd00::1]:6443")
        #expect(config.tls.insecureSkipVerify)
        #expect(config.tls.serverName == "kubernetes.default.svc")
        #expect(config.tls.clientCertificateData?.value.contains("CLIENT-CERT-MULTI-INLINE") == true)
        #expect(config.tls.clientKeyData?.value.hasPrefix("-----BEGIN PRIVATE KEY-----\nSECRET-KEY-MULTI-INLINE") == true)
    }

    @Test func tokenFileIsResolved() throws {
        let config = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, context: "files")
        guard case .tokenFile(let path) = config.credentials else { Issue.record("not tokenFile"); return }
        #expect(path == "\(root)/multi/token.txt")
        #expect(config.namespace == "serving")
    }

    @Test func execPluginWithPathCommandAndClusterExtension() throws {
        let config = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, context: "exec")
        guard case .exec(let exec) = config.credentials else { Issue.record("not exec"); return }
        #expect(exec.command == "\(root)/multi/bin/get-token")
        #expect(exec.args == ["--cluster", "lab"])
        #expect(exec.env == ["PLUGIN_SECRET": "SECRET-EXEC-ENV-VALUE"])
        #expect(exec.interactiveMode == "Never")
        #expect(exec.provideClusterInfo)
        #expect(exec.installHint == "install get-token from the platform team")
        #expect(exec.clusterConfigJSON == #"{"audience":"lab","zone":"\u003ceu\u00261\u003e"}"#)
    }

    @Test func execPluginBareCommandStaysForPathLookupAndV1beta1DefaultsMode() throws {
        let config = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, context: "eks")
        guard case .exec(let exec) = config.credentials else { Issue.record("not exec"); return }
        #expect(exec.command == "aws")
        #expect(exec.apiVersion == "client.authentication.k8s.io/v1beta1")
        #expect(exec.interactiveMode == "IfAvailable")
    }

    @Test func contextWithoutUserIsAnonymous() throws {
        let config = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, context: "anonymous")
        #expect(config.credentials.kindLabel == "none")
        #expect(config.userDescription == nil)
    }

    @Test func namespaceOverrideWins() throws {
        let config = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, namespace: "other")
        #expect(config.namespace == "other")
    }

    @Test func mergeFirstFileWinsWholeEntriesAndMissingFilesAreSkipped() throws {
        let list = "\(KubeconfigFixtures.mergeA):\(root)/merge/missing.yaml:\(KubeconfigFixtures.mergeB)"
        let current = try KubeconfigFixtures.load(kubeconfig: list)
        // a.yaml sets no current-context, so b.yaml's applies.
        #expect(current.origin.hasSuffix("context b-only"))
        #expect(current.namespace == "team-b")
        #expect(current.tls.caFile == "\(root)/merge/b/pki/ca.crt")

        let shared = try KubeconfigFixtures.load(kubeconfig: list, context: "shared")
        #expect(shared.server == "https://a.example.com")
        #expect(shared.namespace == "from-a")
        #expect(shared.tls.caFile == nil, "b.yaml's CA must not leak into a.yaml's cluster entry")
        guard case .token(let token) = shared.credentials else { Issue.record("a.yaml's user must win"); return }
        #expect(token.value == "SECRET-TOKEN-MERGE-A")

        let crossFile = try KubeconfigFixtures.load(kubeconfig: list, context: "a-only")
        #expect(crossFile.tls.clientCertificateFile == "\(root)/merge/b/pki/client.crt")
        #expect(crossFile.tls.insecureSkipVerify)
    }

    @Test func mergeOrderDecides() throws {
        let list = "\(KubeconfigFixtures.mergeB):\(KubeconfigFixtures.mergeA)"
        let shared = try KubeconfigFixtures.load(kubeconfig: list, context: "shared")
        #expect(shared.server == "https://b.example.com")
        #expect(shared.namespace == "from-b")
        guard case .tokenFile(let path) = shared.credentials else { Issue.record("b.yaml's user must win"); return }
        #expect(path == "\(root)/merge/b/token")
    }

    @Test func explicitPathIsUsedAloneAndMustExist() throws {
        let config = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.mergeA, explicit: KubeconfigFixtures.multi)
        #expect(config.server == "https://10.0.0.1:6443")
        let missing = "\(root)/does-not-exist"
        let error = #expect(throws: KubeconfigError.self) {
            try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, explicit: missing)
        }
        #expect(error?.kind == .fileNotFound)
        #expect(error?.description.contains(missing) == true)
    }

    @Test func homeKubeConfigIsTheDefaultAndRelativePathsUseTheWorkingDirectory() throws {
        let home = TempDir()
        let text = try #require(KubeconfigFixtures.contents(KubeconfigFixtures.mergeA))
        try home.write(".kube/config", text.replacingOccurrences(of: "a.example.com", with: "home.example.com"))
        let fromHome = try KubeconfigLoader.load(explicitPath: nil, context: "shared", namespaceOverride: nil,
                                                 environment: ["KUBECONFIG": ""], homeDirectory: home.path)
        #expect(fromHome.server == "https://home.example.com")
        let relative = try KubeconfigLoader.load(explicitPath: nil, context: nil, namespaceOverride: nil,
                                                 environment: ["KUBECONFIG": "multi/config"],
                                                 homeDirectory: home.path, currentDirectory: root)
        #expect(relative.server == "https://10.0.0.1:6443")
    }

    @Test func noFilesAtAllIsAnError() throws {
        let error = #expect(throws: KubeconfigError.self) {
            try KubeconfigFixtures.load(kubeconfig: "/nonexistent/a:/nonexistent/b")
        }
        #expect(error?.kind == .noConfiguration)
        #expect(error?.description.contains("/nonexistent/a") == true)
    }

    /// YAML 1.1 scalars as client-go reads them: `yes` is a boolean, a quoted "no" and a
    /// timestamp-looking value are strings (yaml.v2 via sigs.k8s.io/yaml).
    @Test func yaml11ScalarsMatchKubectl() throws {
        let dir = TempDir()
        let file = try dir.write("config", """
        current-context: a
        clusters: [{name: c, cluster: {server: "https://x", insecure-skip-tls-verify: yes}}]
        contexts: [{name: a, context: {cluster: c, namespace: "no"}}, {name: b, context: {cluster: c, namespace: 2024-01-01}}]
        """)
        let a = try KubeconfigFixtures.load(explicit: file)
        #expect(a.tls.insecureSkipVerify)
        #expect(a.namespace == "no")
        #expect(try KubeconfigFixtures.load(explicit: file, context: "b").namespace == "2024-01-01")
    }

    @Test func pathCleaningMatchesGo() {
        #expect(KubePath.resolve("./certs/../certs/x", against: "/a/b") == "/a/b/certs/x")
        #expect(KubePath.resolve("/abs/../x", against: "/a") == "/x")
        #expect(KubePath.directory(of: "/config") == "/")
        #expect(KubePath.clean("a/../../b") == "../b")
    }
}
