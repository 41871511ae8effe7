import ArgumentParser

/// kubectl-style options for reaching a cluster, shared by `watch` and `scan`.
struct ClusterOptions: ParsableArguments {
    @Option(name: .customLong("kubeconfig"), help: "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config; in a pod, the service account).")
    var kubeconfig: String?

    @Option(name: .customLong("context"), help: "The kubeconfig context to use.")
    var context: String?

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "Namespace to watch (repeatable). Default: the context's namespace.")
    var namespaces: [String] = []

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Watch every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .customLong("selector")], help: "Label selector for pods, e.g. app=vllm.")
    var selector: String?

    @Option(name: .customLong("pod"), help: "Sidecar mode: only this pod (e.g. from the downward API).")
    var pod: String?

    @Option(name: .customLong("config"), help: "restartwatch config file (JSON); see config.example.json.")
    var configPath: String?

    func validate() throws {
        if allNamespaces && !namespaces.isEmpty {
            throw ValidationError("--all-namespaces and --namespace are mutually exclusive")
        }
        for ns in namespaces where !ns.isDNSLabel {
            throw ValidationError("--namespace \"\(ns)\" is not a valid namespace name")
        }
        if pod != nil && (allNamespaces || namespaces.count > 1) {
            throw ValidationError("--pod watches one pod: give at most one --namespace (default: the context's)")
        }
    }
}

/// Logging options of the daemon.
struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log-format"), help: "Log format: text or json.")
    var logFormat: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    func validate() throws {
        if let f = logFormat, !["text", "json"].contains(f) { throw ValidationError("--log-format must be text or json") }
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        if let l = logLevel, !levels.contains(l) { throw ValidationError("--log-level must be one of \(levels.joined(separator: ", "))") }
    }
}
