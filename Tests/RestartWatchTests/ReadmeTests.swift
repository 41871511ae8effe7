import ArgumentParser
import Foundation
import Testing
@testable import RestartWatch

/// The README's commands are real: its first two lines are what a newcomer runs (and what CI runs),
/// and every `restartwatch …` line in its code blocks parses with the real command-line parser.
@Suite struct ReadmeTests {
    static let readme = (try? String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""

    static var codeLines: [String] {
        var inBlock = false
        var out: [String] = []
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            if inBlock { out.append(String(line)) }
        }
        return out
    }

    @Test func firstCommandsAreDemoAndTests() throws {
        let commands = Self.codeLines.prefix(2).map { $0.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        #expect(commands == ["swift run restartwatch demo", "swift test"])
        let ci = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        let lastCommand = ci.split(separator: "\n").last { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(lastCommand == "swift test", "CI must run exactly the README's test command")
    }

    static var restartwatchLines: [String] {
        codeLines.compactMap { line -> String? in
            guard let r = line.range(of: "restartwatch "), !line.contains("restartwatch:"), !line.contains("/restartwatch"),
                  line[..<r.lowerBound].allSatisfy({ $0 == " " }) || line[..<r.lowerBound].hasSuffix("| ") else { return nil }
            let cmd = String(line[r.lowerBound...])
            return cmd.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    @Test func readmeHasCommandExamples() {
        #expect(Self.restartwatchLines.count >= 5, "\(Self.restartwatchLines)")
    }

    @Test(arguments: restartwatchLines)
    func commandLineParses(_ line: String) throws {
        var args = line.split(separator: " ").map(String.init)
        #expect(args.removeFirst() == "restartwatch")
        args = args.map { $0.replacingOccurrences(of: "<id>", with: "oomKilled").replacingOccurrences(of: "FILE", with: "config.example.json") }
        #expect(throws: Never.self, "\(line)") { _ = try RestartWatchCommand.parseAsRoot(args) }
    }
}
