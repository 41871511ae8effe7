import Foundation
import Testing

/// systemd/restartwatch.service: `systemd-analyze verify` accepts it and
/// `systemd-analyze security --offline=true` rates its exposure at most 2.0.
@Suite struct ShippingSystemdTests {
    static let unit = TestPaths.packageRoot.appendingPathComponent("systemd/restartwatch.service")
    static let maximumExposure = 2.0

    static var systemdAnalyze: String? {
        ["/usr/bin/systemd-analyze", "/bin/systemd-analyze", "/usr/local/bin/systemd-analyze"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Outside CI a missing systemd-analyze skips these tests; in CI (.ci/run installs systemd) it fails them.
    static var runnable: Bool { systemdAnalyze != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    /// A copy of the unit, named restartwatch.service, whose ExecStart runs the binary just built
    /// (`verify` checks that the executable exists); nothing else differs.
    static func unitUnderTest() throws -> String {
        let text = try String(contentsOf: unit, encoding: .utf8)
        let installed = "ExecStart=/usr/local/bin/restartwatch "
        let lines = text.components(separatedBy: "\n")
        #expect(lines.filter { $0.hasPrefix(installed) }.count == 1, "the unit must run /usr/local/bin/restartwatch once")
        let rewritten = lines.map { $0.hasPrefix(installed) ? "ExecStart=\(BinaryRunner.executable.path) " + $0.dropFirst(installed.count) : $0 }
        #expect(zip(lines, rewritten).filter { $0 != $1 }.count == 1)
        let dir = TestPaths.temporaryDirectory("systemd")
        let path = "\(dir)/restartwatch.service"
        try rewritten.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func analyze(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let tool = try #require(systemdAnalyze, "systemd-analyze is missing (CI is set): .ci/run installs Debian's systemd package")
        var env = ProcessInfo.processInfo.environment
        env["SYSTEMD_COLORS"] = "0"
        env["SYSTEMD_PAGER"] = ""
        let r = try await BinaryRunner.runProgram(tool, arguments, environment: env)
        return (r.status, r.stdout + r.stderr)
    }

    @Test(.enabled(if: runnable, "systemd-analyze is not installed (set CI=1 to make this a failure)"))
    func verifyAcceptsTheUnit() async throws {
        let path = try Self.unitUnderTest()
        let result = try await Self.analyze(["verify", path])
        #expect(result.status == 0, "systemd-analyze verify failed:\n\(result.output)")
        // verify exits 0 on unknown keys and bad values ("ignoring"), so any line about our file fails.
        let complaints = result.output.split(separator: "\n").filter { $0.contains("restartwatch.service") }
        #expect(complaints.isEmpty, "systemd-analyze verify complained:\n\(complaints.joined(separator: "\n"))")
    }

    @Test(.enabled(if: runnable, "systemd-analyze is not installed (set CI=1 to make this a failure)"))
    func securityExposureIsAtMostTwo() async throws {
        let path = try Self.unitUnderTest()
        let result = try await Self.analyze(["security", "--offline=true", "--no-pager", path])
        #expect(result.status == 0, "systemd-analyze security failed:\n\(result.output)")
        let score = try #require(Self.exposure(result.output), "no exposure score in:\n\(result.output.suffix(600))")
        #expect(score <= Self.maximumExposure, "exposure \(score) > \(Self.maximumExposure):\n\(result.output)")
    }

    @Test func exposureIsReadFromTheLastLine() {
        let out = "✓ UMask=   Files created by service are accessible only by service's own user by default\n\n"
            + "→ Overall exposure level for restartwatch.service: 1.2 OK 🙂\n"
        #expect(Self.exposure(out) == 1.2)
        #expect(Self.exposure("→ Overall exposure level for x.service: 9.6 UNSAFE 😨") == 9.6)
        #expect(Self.exposure("no score here") == nil)
    }

    /// The number after the colon on the last non-empty line ("→ Overall exposure level for X: 1.2 OK 🙂").
    static func exposure(_ output: String) -> Double? {
        guard let last = output.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
              last.contains("Overall exposure level"), let colon = last.lastIndex(of: ":") else { return nil }
        let word = last[last.index(after: colon)...].split(separator: " ").first
        return word.flatMap { Double($0) }
    }
}
