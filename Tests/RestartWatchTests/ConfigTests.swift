import Foundation
import Testing
@testable import RestartWatch

@Suite struct ConfigTests {
    func write(_ json: String) -> String {
        let path = TestPaths.temporaryDirectory("cfg") + "/config.json"
        _ = FileManager.default.createFile(atPath: path, contents: Data(json.utf8))
        return path
    }

    @Test func exampleConfigLoadsAndEqualsDefaults() throws {
        let path = TestPaths.packageRoot.appendingPathComponent("config.example.json").path
        let config = try RestartWatchConfig.load(path: path)
        #expect(config == RestartWatchConfig())
    }

    @Test func exampleDocumentsEveryKey() throws {
        let path = TestPaths.packageRoot.appendingPathComponent("config.example.json").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let keys = RestartWatchConfig.CodingKeys.allCases.map(\.rawValue) + DiagnosisConfig.CodingKeys.allCases.map(\.rawValue)
            + LogFetchConfig.CodingKeys.allCases.map(\.rawValue) + NotifiersConfig.CodingKeys.allCases.map(\.rawValue)
            + LeaderElectionConfig.CodingKeys.allCases.map(\.rawValue) + WebhookNotifierConfig.CodingKeys.allCases.map(\.rawValue)
        for k in keys {
            #expect(text.contains("\"\(k)\"") || text.contains("\"//\(k)\""), "config.example.json does not document \(k)")
        }
    }

    @Test func unknownKeyNamesFileAndPath() throws {
        let path = write(#"{"notifiers": {"webhook": {"url": {"fromEnv": "X"}, "retries": 3}}}"#)
        let error = #expect(throws: ConfigError.self) { try RestartWatchConfig.load(path: path) }
        let text = "\(error!)"
        #expect(text.contains(path))
        #expect(text.contains("notifiers.webhook.retries"))
        #expect(text.contains("unknown key"))
        #expect(text.contains("timeoutSeconds"))
    }

    @Test func typeMismatchSaysWhatWasExpected() throws {
        let path = write(#"{"diagnosis": {"margin": "lots"}}"#)
        let error = #expect(throws: ConfigError.self) { try RestartWatchConfig.load(path: path) }
        #expect("\(error!)".contains("diagnosis.margin: expected a number"))
    }

    @Test func invalidValuesAreRejected() throws {
        for (json, key) in [(#"{"logFormat": "xml"}"#, "logFormat"), (#"{"metricsAddress": "nope"}"#, "metricsAddress"),
                            (#"{"namespaces": ["ml", "Bad_NS"]}"#, "namespaces[1]"), (#"{"diagnosis": {"margin": 0.5}}"#, "diagnosis.margin")] {
            let path = write(json)
            let error = #expect(throws: ConfigError.self) { try RestartWatchConfig.load(path: path) }
            #expect("\(error!)".contains(key), "\(json)")
        }
    }

    @Test func inlineSecretsAreRefused() throws {
        let path = write(#"{"notifiers": {"slack": {"url": "https://hooks.slack.com/services/T000/B000/SECRETSECRET"}}}"#)
        let error = #expect(throws: ConfigError.self) { try RestartWatchConfig.load(path: path) }
        let text = "\(error!)"
        #expect(text.contains("notifiers.slack.url"))
        #expect(text.contains("not accepted inline"))
        #expect(!text.contains("SECRETSECRET"))
    }

    @Test func notJSONIsReported() throws {
        let path = write("namespaces: [ml]\n")
        let error = #expect(throws: ConfigError.self) { try RestartWatchConfig.load(path: path) }
        #expect("\(error!)".contains("not valid JSON"))
    }

    @Test func secretReferenceResolvesWithoutLeaking() throws {
        let ref = SecretReference(fromEnv: "HOOK")
        #expect(try ref.resolve(environment: ["HOOK": " https://example.invalid/x \n"]) == "https://example.invalid/x")
        let error = #expect(throws: ConfigError.self) { try ref.resolve(environment: [:]) }
        #expect("\(error!)".contains("HOOK"))
    }
}
