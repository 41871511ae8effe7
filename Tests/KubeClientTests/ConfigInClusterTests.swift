import Foundation
import Testing
@testable import KubeClient

/// In-cluster config from the service environment and the service-account files.
@Suite struct ConfigInClusterTests {
    /// A fake filesystem root with the service-account files kubelet mounts.
    private func root(token: String? = "header.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6bWw6cmVzdGFydHdhdGNoIn0.sig\n",
                      ca: Bool = true, namespace: String? = "ml\n") throws -> TempDir {
        let dir = TempDir()
        let sa = InClusterConfig.serviceAccountDirectory
        if let token { try dir.write("\(sa)/token", token) }
        if ca { try dir.write("\(sa)/ca.crt", "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n") }
        if let namespace { try dir.write("\(sa)/namespace", namespace) }
        return dir
    }

    private let env = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]

    @Test func buildsServerCaTokenFileAndNamespace() throws {
        let dir = try root()
        let config = try InClusterConfig.load(environment: env, root: dir.path)
        let sa = "\(dir.path)/\(InClusterConfig.serviceAccountDirectory)"
        #expect(config.server == "https://10.96.0.1:443")
        #expect(config.tls.caFile == "\(sa)/ca.crt")
        guard case .tokenFile(let path) = config.credentials else { Issue.record("expected tokenFile"); return }
        #expect(path == "\(sa)/token")
        #expect(config.namespace == "ml")
        #expect(config.userDescription == "system:serviceaccount:ml:restartwatch")
        #expect(InClusterConfig.isAvailable(environment: env))
    }

    @Test func ipv6HostGetsBrackets() throws {
        let dir = try root()
        let config = try InClusterConfig.load(environment: ["KUBERNETES_SERVICE_HOST": "fd00:10:96::1",
                                                            "KUBERNETES_SERVICE_PORT": "443"], root: dir.path)
        #expect(config.server == "https://[fd00:10:96::1]:443")
    }

    @Test func namespacePrecedence() throws {
        let dir = try root()
        var withPodNamespace = env
        withPodNamespace["POD_NAMESPACE"] = "from-env"
        #expect(try InClusterConfig.load(environment: withPodNamespace, root: dir.path).namespace == "from-env")
        #expect(try InClusterConfig.load(environment: withPodNamespace, root: dir.path, namespaceOverride: "flag").namespace == "flag")
        let bare = try root(namespace: nil)
        #expect(try InClusterConfig.load(environment: env, root: bare.path).namespace == "default")
    }

    @Test func missingCaIsTolerated() throws {
        let dir = try root(ca: false)
        #expect(try InClusterConfig.load(environment: env, root: dir.path).tls.caFile == nil)
    }

    @Test func missingEnvironmentGivesClientGoMessage() throws {
        let dir = try root()
        let error = #expect(throws: KubeconfigError.self) {
            try InClusterConfig.load(environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1"], root: dir.path)
        }
        #expect(error?.description
            == "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined")
        #expect(!InClusterConfig.isAvailable(environment: ["KUBERNETES_SERVICE_PORT": "443"]))
    }

    @Test func missingTokenIsAnError() throws {
        let dir = try root(token: nil)
        let error = #expect(throws: KubeconfigError.self) { try InClusterConfig.load(environment: env, root: dir.path) }
        #expect(error?.kind == .inCluster)
        #expect(error?.description.contains("/token") == true)
    }

    @Test func loaderFallsBackToInClusterOnlyWithoutAnyKubeconfig() throws {
        let dir = try root()
        var environment = env
        environment["KUBECONFIG"] = "/nonexistent/config"
        let inCluster = try ClientConfigLoader.load(explicitPath: nil, context: nil, namespaceOverride: nil,
                                                    environment: environment, homeDirectory: "/nonexistent",
                                                    inClusterRoot: dir.path)
        #expect(inCluster.origin == "in-cluster service account")
        environment["KUBECONFIG"] = KubeconfigFixtures.multi
        let fromFile = try ClientConfigLoader.load(explicitPath: nil, context: nil, namespaceOverride: nil,
                                                   environment: environment, homeDirectory: "/nonexistent",
                                                   inClusterRoot: dir.path)
        #expect(fromFile.server == "https://10.0.0.1:6443")
        let error = #expect(throws: KubeconfigError.self) {
            try ClientConfigLoader.load(explicitPath: nil, context: nil, namespaceOverride: nil,
                                        environment: ["KUBECONFIG": "/nonexistent/config"], homeDirectory: "/nonexistent",
                                        inClusterRoot: dir.path)
        }
        #expect(error?.kind == .noConfiguration)
    }
}
