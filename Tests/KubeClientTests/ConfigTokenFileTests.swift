import Foundation
import Testing
@testable import KubeClient

/// Token-file rotation with client-go's 60 s validity and 10 s leeway, driven by a fake clock.
@Suite struct ConfigTokenFileTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func rereadsAfterFiftySecondsAndTrims() async throws {
        let dir = TempDir()
        let file = try dir.write("token", "  first-token\n")
        let clock = TestClock(start)
        let provider = TokenFileCredentialProvider(path: file, now: clock.now)
        #expect(try await provider.bearerToken()?.value == "first-token")
        try dir.write("token", "second-token")
        clock.advance(49)
        #expect(try await provider.bearerToken()?.value == "first-token", "still within 60 s - 10 s leeway")
        clock.advance(1)
        #expect(try await provider.bearerToken()?.value == "second-token", "re-read at 50 s")
        #expect(try await provider.clientCertificate() == nil)
    }

    @Test func failedRereadKeepsTheOldTokenAndRetriesNextTime() async throws {
        let dir = TempDir()
        let file = try dir.write("token", "old-token")
        let clock = TestClock(start)
        let provider = TokenFileCredentialProvider(path: file, now: clock.now)
        #expect(try await provider.bearerToken()?.value == "old-token")
        try FileManager.default.removeItem(atPath: file)
        clock.advance(55)
        #expect(try await provider.bearerToken()?.value == "old-token")
        try dir.write("token", "rotated-token")
        clock.advance(1)
        #expect(try await provider.bearerToken()?.value == "rotated-token", "a failed read must not reset the timer")
    }

    @Test func invalidateForcesImmediateReread() async throws {
        let dir = TempDir()
        let file = try dir.write("token", "before-401")
        let clock = TestClock(start)
        let provider = TokenFileCredentialProvider(path: file, now: clock.now)
        #expect(try await provider.bearerToken()?.value == "before-401")
        try dir.write("token", "after-401")
        #expect(try await provider.bearerToken()?.value == "before-401")
        await provider.invalidate()
        #expect(try await provider.bearerToken()?.value == "after-401")
    }

    @Test func emptyOrMissingFileIsAnError() async throws {
        let dir = TempDir()
        let empty = try dir.write("empty", " \n")
        let error = await #expect(throws: CredentialError.self) {
            try await TokenFileCredentialProvider(path: empty).bearerToken()
        }
        #expect(error?.kind == .tokenFileEmpty)
        #expect(error?.description == "read empty token from file \"\(empty)\"")
        let missing = await #expect(throws: CredentialError.self) {
            try await TokenFileCredentialProvider(path: "\(dir.path)/absent").bearerToken()
        }
        #expect(missing?.kind == .tokenFileUnreadable)
    }

    @Test func factoryPicksProviderByCredentialSource() async throws {
        let dir = TempDir()
        let file = try dir.write("token", "from-file")
        var config = ClientConfig(server: "https://k", origin: "test")
        config.credentials = .tokenFile(path: file)
        #expect(try await CredentialProviders.make(for: config, environment: [:]).bearerToken()?.value == "from-file")
        config.credentials = .token(Secret("static"))
        #expect(try await CredentialProviders.make(for: config, environment: [:]).bearerToken()?.value == "static")
        config.credentials = .none
        #expect(try await CredentialProviders.make(for: config, environment: [:]).bearerToken() == nil)
        config.credentials = .exec(ExecPluginConfig(apiVersion: "client.authentication.k8s.io/v1", command: "x"))
        #expect(CredentialProviders.make(for: config, environment: [:]) is ExecCredentialProvider)
    }
}
