import Foundation
import Logging

/// Builds the `CredentialProvider` a `ClientConfig` calls for.
public enum CredentialProviders {
    /// - Parameters:
    ///   - environment: inherited by exec plugins (pass `ProcessInfo.processInfo.environment`).
    ///   - now: clock for token-file refresh and exec-credential expiry.
    ///   - execTimeout: seconds after which a hanging exec plugin is killed.
    public static func make(for config: ClientConfig, environment: [String: String],
                            now: @escaping @Sendable () -> Date = { Date() }, execTimeout: TimeInterval = 60,
                            logger: Logger? = nil) -> any CredentialProvider {
        switch config.credentials {
        case .none:
            return StaticCredentialProvider()
        case .token(let token):
            return StaticCredentialProvider(token: token)
        case .tokenFile(let path):
            return TokenFileCredentialProvider(path: path, now: now, logger: logger)
        case .exec(let plugin):
            return ExecCredentialProvider(plugin: plugin, cluster: config, environment: environment,
                                          timeout: execTimeout, now: now)
        }
    }
}
