import Foundation

/// Which notifiers run, and where their secrets come from.
struct NotifiersConfig: Decodable, Equatable {
    var log = LogNotifierConfig()
    var webhook: WebhookNotifierConfig?
    var slack: WebhookNotifierConfig?
    var kubernetesEvent = KubernetesEventNotifierConfig()

    init() {}
    enum CodingKeys: String, CodingKey, CaseIterable { case log, webhook, slack, kubernetesEvent }
    init(from decoder: Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        log = try c.decodeIfPresent(LogNotifierConfig.self, forKey: .log) ?? log
        webhook = try c.decodeIfPresent(WebhookNotifierConfig.self, forKey: .webhook)
        slack = try c.decodeIfPresent(WebhookNotifierConfig.self, forKey: .slack)
        kubernetesEvent = try c.decodeIfPresent(KubernetesEventNotifierConfig.self, forKey: .kubernetesEvent) ?? kubernetesEvent
    }
}

struct LogNotifierConfig: Decodable, Equatable {
    var enabled = true
    init() {}
    enum CodingKeys: String, CodingKey, CaseIterable { case enabled }
    init(from decoder: Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self)
        enabled = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .enabled) ?? true
    }
}

struct KubernetesEventNotifierConfig: Decodable, Equatable {
    var enabled = true
    init() {}
    enum CodingKeys: String, CodingKey, CaseIterable { case enabled }
    init(from decoder: Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self)
        enabled = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .enabled) ?? true
    }
}

/// A generic JSON webhook or a Slack incoming webhook. The URL is a secret: it comes from an
/// environment variable or a file, never inline.
struct WebhookNotifierConfig: Decodable, Equatable {
    var url: SecretReference
    var timeoutSeconds = 10.0
    var maxAttempts = 8

    enum CodingKeys: String, CodingKey, CaseIterable { case url, timeoutSeconds, maxAttempts }
    init(url: SecretReference) { self.url = url }
    init(from decoder: Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(SecretReference.self, forKey: .url)
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? timeoutSeconds
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? maxAttempts
    }
}

/// Where a secret lives: `{"fromEnv": "VAR"}` or `{"fromFile": "/path"}`. Inline values are refused.
struct SecretReference: Decodable, Equatable {
    var fromEnv: String?
    var fromFile: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case fromEnv, fromFile }
    init(fromEnv: String? = nil, fromFile: String? = nil) { self.fromEnv = fromEnv; self.fromFile = fromFile }
    init(from decoder: Decoder) throws {
        if let s = try? decoder.singleValueContainer().decode(String.self), !s.isEmpty {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription:
                "secrets are not accepted inline; use {\"fromEnv\": \"VARIABLE\"} or {\"fromFile\": \"/path\"}"))
        }
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fromEnv = try c.decodeIfPresent(String.self, forKey: .fromEnv)
        fromFile = try c.decodeIfPresent(String.self, forKey: .fromFile)
    }

    func validate(file: String, key: String) throws {
        if (fromEnv == nil) == (fromFile == nil) {
            throw ConfigError(file: file, keyPath: key, problem: "expected exactly one of fromEnv or fromFile")
        }
    }

    /// Reads the secret now. Errors name the variable or file, never the value.
    func resolve(environment: [String: String]) throws -> String {
        if let v = fromEnv {
            guard let s = environment[v]?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty else {
                throw ConfigError(file: "environment", keyPath: v, problem: "variable is not set or empty")
            }
            return s
        }
        if let f = fromFile {
            guard let d = FileManager.default.contents(atPath: f), let s = String(data: d, encoding: .utf8)?
                .trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty else {
                throw ConfigError(file: f, keyPath: "", problem: "cannot read the secret file, or it is empty")
            }
            return s
        }
        throw ConfigError(file: "config", keyPath: "", problem: "secret reference names neither fromEnv nor fromFile")
    }
}
