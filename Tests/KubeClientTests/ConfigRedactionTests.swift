import Foundation
import Logging
import Testing
@testable import KubeClient

/// Every secret in the fixtures contains `SECRET-`; none may show in any description, mirror,
/// dump, error or log line of the config and provider types.
@Suite struct ConfigRedactionTests {
    private let marker = "SECRET-"

    private func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped, "\(value)"]
    }

    private func expectClean(_ value: Any, _ label: String) {
        for text in renderings(value) {
            #expect(!text.contains(marker), "\(label) leaks a secret: \(text)")
        }
    }

    @Test func configsOfEveryFixtureContextAreClean() throws {
        let cases = ParityCase.all
        for c in cases {
            let config = try KubeconfigFixtures.load(kubeconfig: c.kubeconfigEnv, explicit: c.explicit, context: c.context)
            expectClean(config, c.testDescription)
            expectClean(config.credentials, "credentials of \(c.testDescription)")
            expectClean(config.tls, "tls of \(c.testDescription)")
            expectClean(CredentialProviders.make(for: config, environment: [:]), "provider of \(c.testDescription)")
        }
        // The marker check must be able to fail: the raw values are really there.
        let lab = try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, context: "lab")
        #expect(lab.tls.clientKeyData?.value.contains(marker) == true)
        let rawKey = lab.tls.clientKeyData.map { $0.value } ?? ""
        #expect(String(describing: rawKey).contains(marker))
    }

    @Test func proxyCredentialsAreHidden() {
        var config = ClientConfig(server: "https://k", origin: "test")
        config.proxyURL = "http://user:SECRET-PROXY@proxy:3128"
        expectClean(config, "proxy")
        #expect(String(describing: config).contains("proxy: http://proxy:3128"))
    }

    @Test func providersAfterFetchingAndErrorsAreClean() async throws {
        let plugin = try FakePlugin(body: #"echo "denied $PLUGIN_SECRET" >&2; [ -f "$d/fail" ] && exit 1"#)
        let provider = ExecCredentialProvider(plugin: plugin.config(env: ["PLUGIN_SECRET": "SECRET-ENV-VALUE"]),
                                              cluster: ClientConfig(server: "https://k", origin: "t"), environment: [:])
        let token = try await provider.bearerToken()
        #expect(token?.value == "SECRET-EXEC-TOKEN-1")
        expectClean(provider, "exec provider")
        expectClean(token as Any, "token")
        try plugin.dir.write("fail", "")
        await provider.invalidate()
        let error = await #expect(throws: CredentialError.self) { try await provider.bearerToken() }
        expectClean(error as Any, "exec error")
        #expect(error?.description.contains("denied <redacted>") == true)

        let badJSON = try FakePlugin(status: #"{"token": SECRET-NOT-JSON}"#)
        let decodeError = await #expect(throws: CredentialError.self) {
            try await ExecCredentialProvider(plugin: badJSON.config(), cluster: ClientConfig(server: "https://k", origin: "t"),
                                             environment: [:]).bearerToken()
        }
        expectClean(decodeError as Any, "decode error")
    }

    @Test func kubeconfigErrorsAreClean() throws {
        let dir = TempDir()
        let broken = try dir.write("config", "users:\n- name: u\n  user:\n    token: SECRET-IN-BROKEN\n   x: [\n")
        let error = #expect(throws: KubeconfigError.self) { try KubeconfigFixtures.load(explicit: broken) }
        expectClean(error as Any, "syntax error")
        let typed = try dir.write("typed", "users:\n- name: u\n  user:\n    token: [SECRET-IN-LIST]\n")
        let typeError = #expect(throws: KubeconfigError.self) { try KubeconfigFixtures.load(explicit: typed) }
        expectClean(typeError as Any, "type error")
    }

    @Test func tokenRotationWarningLogsNoToken() async throws {
        let handler = CapturingLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        let dir = TempDir()
        let file = try dir.write("token", "SECRET-ROTATING-TOKEN")
        let clock = TestClock(Date(timeIntervalSince1970: 0))
        let provider = TokenFileCredentialProvider(path: file, now: clock.now, logger: logger)
        _ = try await provider.bearerToken()
        try FileManager.default.removeItem(atPath: file)
        clock.advance(120)
        #expect(try await provider.bearerToken()?.value == "SECRET-ROTATING-TOKEN")
        let lines = handler.lines
        #expect(!lines.isEmpty, "the failed rotation is logged")
        for line in lines { #expect(!line.contains(marker), "log line leaks: \(line)") }
    }
}

/// Collects formatted log lines (message and metadata) in memory.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var lines: [String] { lock.withLock { stored } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        lock.withLock { stored.append("\(event.level) \(event.message) \(all)") }
    }
}
