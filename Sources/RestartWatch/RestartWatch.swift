import ArgumentParser
import Foundation

/// The `restartwatch` command: watch, scan, lint, demo.
struct RestartWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restartwatch",
        abstract: "Find model-server pods killed by their own probes while downloading or loading, and print the fix.",
        discussion: """
        Exit status: 0 when nothing was found, 1 when something was, 2 on an error.
        Start with `restartwatch demo`: it needs no cluster.
        """,
        subcommands: [DemoCommand.self, WatchCommand.self, ScanCommand.self, LintCommand.self, BenchCommand.self]
    )
}

/// Exit statuses shared by every subcommand.
enum ExitStatus {
    static let clean: Int32 = 0
    static let found: Int32 = 1
    static let error: Int32 = 2
}

/// Entry point: runs the parsed command and maps outcomes to restartwatch's exit statuses
/// (argument-parser's default for usage errors is 64; ours is 2 for every error).
@main
enum Main {
    static func main() async {
        signal(SIGPIPE, SIG_IGN) // libcurl runs with CURLOPT_NOSIGNAL (swift-libcurl-notes §1)
        MemoryTrim.limitArenas()  // before any thread starts: see MemoryTrim
        let status: Int32
        do {
            var command = try RestartWatchCommand.parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            status = ExitStatus.clean
        } catch let e as FoundProblems {
            status = e.status
        } catch {
            let code = RestartWatchCommand.exitCode(for: error)
            if code == .success {
                print(RestartWatchCommand.fullMessage(for: error))
                status = ExitStatus.clean
            } else {
                var message = RestartWatchCommand.fullMessage(for: error)
                if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
                FileHandle.standardError.write(Data(("restartwatch: " + message + "\n").utf8))
                status = ExitStatus.error
            }
        }
        exit(status)
    }
}

/// Thrown by a command that completed and found something (exit 1) or hit input errors (exit 2).
struct FoundProblems: Error {
    var status: Int32
}
