import ClusterSim
import Foundation

/// The real `restartwatch watch` as one deploy/ mode ships it: its service account's bearer token over
/// TLS (nginx in front of ClusterSim), authorized by that mode's RBAC manifests, with the args of its
/// shipped container. Records every authorization decision the simulated apiserver made.
final class RBACHarness: @unchecked Sendable {
    let mode: String
    let daemon: DaemonHarness
    let docs: [DeployManifests.Document]
    /// The shipped workload's restartwatch container and its namespace.
    let container: DeployManifests.RestartWatchContainer
    let workloadNamespace: String
    /// `system:serviceaccount:NS:NAME` of the workload's serviceAccountName.
    let user: String
    let evaluator: RBACEvaluator
    private let proxy: TLSFrontProxy
    private let pki: ThrowawayPKI
    /// The service account's token (random per run; never printed).
    let bearerToken = UUID().uuidString + UUID().uuidString
    private let lock = NSLock()
    private var _decisions: [(RequestAttributes, Bool)] = []

    /// Every authorization decision for the service account, in order.
    var decisions: [(attributes: RequestAttributes, allowed: Bool)] { lock.withLock { _decisions.map { ($0.0, $0.1) } } }

    init(mode: String, withoutPermission removed: RBACEvaluator.Permission? = nil) async throws {
        self.mode = mode
        docs = try DeployManifests.documents(mode: mode)
        let workloads = docs.filter { $0.kind == "Deployment" }.flatMap { d in DeployManifests.restartWatchContainers(d).map { (d, $0) } }
        guard workloads.count == 1, let (deployment, c) = workloads.first else {
            throw RBACTestError(description: "deploy/\(mode): expected one restartwatch container, found \(workloads.count)")
        }
        container = c
        workloadNamespace = deployment.namespace ?? "default"
        let podSpec = ((deployment.object["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]
        // A pod without serviceAccountName runs as "default" (ServiceAccount admission plugin).
        let sa = podSpec?["serviceAccountName"] as? String ?? "default"
        user = "system:serviceaccount:\(workloadNamespace):\(sa)"
        let full = RBACEvaluator(docs.map(\.object))
        evaluator = removed.map(full.removing) ?? full
        daemon = try await DaemonHarness(speed: 60)
        pki = try ThrowawayPKI.generate()
        proxy = try await TLSFrontProxy.start(upstreamPort: daemon.sim.port, certificate: pki.serverCertificate, key: pki.serverKey)
        daemon.sim.setTokens([bearerToken: user])
        let evaluator = self.evaluator
        daemon.sim.setAuthorizer { [weak self] a in
            let allowed = evaluator.allows(a)
            self?.lock.withLock { self?._decisions.append((a, allowed)) }
            return allowed
        }
    }

    /// kubeconfig for the service account: inline CA, bearer token (never printed).
    var kubeconfigPath: String {
        get throws {
            let path = daemon.dir + "/sa-kubeconfig"
            let ca = try Data(contentsOf: URL(fileURLWithPath: pki.caCertificate)).base64EncodedString()
            let text = """
            apiVersion: v1
            kind: Config
            current-context: sa
            clusters:
            - name: sim
              cluster:
                server: \(proxy.baseURL)
                certificate-authority-data: \(ca)
            users:
            - name: sa
              user:
                token: \(bearerToken)
            contexts:
            - name: sa
              context:
                cluster: sim
                user: sa
                namespace: \(workloadNamespace)
            """
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return path
        }
    }

    /// The shipped container's args, as the kubelet would expand them for pod `podName`, with host paths
    /// swapped in: a config carrying the shipped `namespaces` plus the test webhook, a temporary state
    /// directory, metrics off (parallel tests), and the service account's kubeconfig.
    func daemonArguments(podName: String) throws -> [String] {
        let env = ["POD_NAME": podName, "POD_NAMESPACE": workloadNamespace]
        var args = container.args.map { DeployManifests.expand($0, env) }
        let config = daemon.configPath(namespaces: try shippedNamespaces() ?? [workloadNamespace])
        for (flag, value) in [("--config", config), ("--state-directory", daemon.dir + "/state"), ("--metrics-address", "")] {
            if let i = args.firstIndex(of: flag), i + 1 < args.count { args[i + 1] = value } else { args += [flag, value] }
        }
        return args + ["--kubeconfig", try kubeconfigPath]
    }

    /// `namespaces` of the mode's ConfigMap config.json, nil when it ships none.
    func shippedNamespaces() throws -> [String]? {
        for cm in docs where cm.kind == "ConfigMap" {
            guard let text = (cm.object["data"] as? [String: Any])?["config.json"] as? String else { continue }
            let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return (json?["namespaces"] as? [Any])?.map { "\($0)" }
        }
        return nil
    }

    /// Permissions the service account used, and requests it was refused.
    var used: Set<RBACEvaluator.Permission> { Set(decisions.filter { $0.attributes.user == user && $0.allowed }.map(\.attributes.permission)) }
    var denied: [RequestAttributes] { decisions.filter { !$0.allowed }.map(\.attributes) }

    func shutdown() async {
        proxy.stop()
        await daemon.shutdown()
    }
}

/// A precondition of the RBAC tests that the manifests do not meet.
struct RBACTestError: Error, CustomStringConvertible {
    var description: String
}
