@testable import RestartWatch

/// The end-to-end tests' webhook endpoint is the benchmark's (Sources/RestartWatch/Bench/HookReceiver.swift).
typealias WebhookReceiver = HookReceiver
