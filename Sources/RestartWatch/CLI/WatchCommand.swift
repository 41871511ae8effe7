import ArgumentParser
import Diagnosis
import Foundation
import KubeClient
import Logging

/// `restartwatch watch`: the daemon.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch pods and events, diagnose restart loops as they happen, and notify.",
        discussion: """
        Namespaces: -A watches all; -n (repeatable) those; otherwise the config file's "namespaces" \
        (empty: all) or, without a config file, the context's namespace, as kubectl does.
        Stops cleanly on SIGTERM/SIGINT, delivering queued notifications first (up to 10 s).
        """
    )

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var logging: LoggingOptions

    @Option(name: .customLong("state-directory"), help: "Where incidents and the notification queue are kept (overrides the config).")
    var stateDirectory: String?

    @Option(name: .customLong("metrics-address"), help: "host:port for /metrics, /healthz, /readyz; \"\" disables (overrides the config).")
    var metricsAddress: String?

    func validate() throws {
        if let m = metricsAddress, !m.isEmpty, HostPort(m) == nil {
            throw ValidationError("--metrics-address must be host:port, e.g. 127.0.0.1:9464, or \"\" to disable")
        }
    }

    func run() async throws {
        var config = try cluster.configPath.map(RestartWatchConfig.load(path:)) ?? RestartWatchConfig()
        if let f = logging.logFormat { config.logFormat = f }
        if let l = logging.logLevel { config.logLevel = l }
        if let s = stateDirectory { config.stateDirectory = s }
        if let m = metricsAddress { config.metricsAddress = m }
        LogSetup.bootstrap(format: config.logFormat, level: config.logLevel)
        let logger = Logger(label: "restartwatch")
        let connection = try ClusterConnection.connect(cluster, logger: logger)
        var namespaces = ClusterConnection.namespaces(cluster, config: config, configGiven: cluster.configPath != nil,
                                                      contextNamespace: connection.config.namespace)
        let pod = cluster.pod ?? config.pod
        if pod != nil && namespaces.count != 1 { namespaces = [namespaces.first ?? connection.config.namespace] }
        let metrics = Metrics()
        let instance = pod ?? ProcessInfo.processInfo.hostName
        let api = KubeClusterAPI(api: connection.api, logger: logger, metrics: metrics, instance: instance)
        logger.info("connecting", metadata: ["server": "\(connection.config.server)", "origin": "\(connection.config.origin)"])
        var options = Daemon.Options(config: config, scope: WatchScope(namespaces: namespaces,
                                                                       labelSelector: cluster.selector ?? config.labelSelector,
                                                                       podName: pod),
                                     environment: ProcessInfo.processInfo.environment)
        options.metrics = metrics
        if config.leaderElection.enabled {
            let env = ProcessInfo.processInfo.environment
            let le = config.leaderElection
            let identity = "\(instance)_\(UUID().uuidString.prefix(8).lowercased())"
            options.leader = LeaderElector(api: connection.api, settings: .init(
                namespace: le.namespace ?? env["POD_NAMESPACE"] ?? connection.config.namespace, name: le.leaseName,
                identity: identity, leaseDuration: Double(le.leaseDurationSeconds), renewDeadline: Double(le.renewDeadlineSeconds),
                retryPeriod: Double(le.retryPeriodSeconds)), logger: logger)
        }
        try await Daemon.run(api: api, options: options, logger: logger)
    }
}
