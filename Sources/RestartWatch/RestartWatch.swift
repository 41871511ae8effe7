import ArgumentParser

/// The `restartwatch` command: watch, scan, lint, demo.
@main
struct RestartWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restartwatch",
        abstract: "Find model-server pods killed by their own probes while downloading or loading, and print the fix."
    )
}
