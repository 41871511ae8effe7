import Foundation

/// Runs one exec credential plugin to completion: stdin is /dev/null, stdout and stderr are
/// collected, and a plugin that outlives `timeout` is terminated and then killed.
///
/// Every blocking wait (the plugin's exit, its pipes, the timeout) happens on threads of this
/// run's own, never on Dispatch's shared pool or the Swift concurrency pool: on a two-core
/// machine those have two threads, and anything else blocking them would stall the timeout
/// (seen in CI: a 1 s timeout took 12 s to release the caller).
enum ExecPluginProcess {
    /// Exit status and collected streams of one run.
    struct Output: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: Data
        var timedOut: Bool
    }

    /// How long a plugin gets after SIGTERM before SIGKILL, and after that before the caller is
    /// released even though a grandchild still holds the pipes open.
    static let gracePeriod: TimeInterval = 1

    /// Finds `command` like Go's `exec.LookPath`: a name with a slash is used as is, a bare name
    /// is searched in the `PATH` of `environment`.
    static func locate(_ command: String, environment: [String: String]) -> String? {
        let fm = FileManager.default
        if command.contains("/") { return fm.isExecutableFile(atPath: command) ? command : nil }
        for dir in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(command)"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func run(executable: String, arguments: [String], environment: [String: String],
                    timeout: TimeInterval) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try runBlocking(executable: executable, arguments: arguments,
                                    environment: environment, timeout: timeout)
                })
            }
        }
    }

    /// The whole run on the calling thread, which it blocks.
    static func runBlocking(executable: String, arguments: [String], environment: [String: String],
                            timeout: TimeInterval) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw CredentialError(.execFailed, "exec: cannot start \(executable): \(error.localizedDescription)")
        }
        let streams = Streams()
        let drained = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            drained.enter()
            Thread.detachNewThread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                streams.store(data, stdout: isOut)
                drained.leave()
            }
        }
        let deadline = DispatchTime.now() + timeout
        if exited.wait(timeout: deadline) == .success {
            // A grandchild may hold the pipes after the plugin exits; the deadline still applies.
            if drained.wait(timeout: deadline) == .success {
                return streams.output(status: process.terminationStatus, timedOut: false)
            }
            return streams.output(status: process.terminationStatus, timedOut: true)
        }
        // Signals go only to our own child and only while it has not been reaped (the semaphore
        // has not fired), so a recycled pid is never hit.
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        if exited.wait(timeout: .now() + gracePeriod) == .timedOut {
            kill(pid, SIGKILL)
            _ = exited.wait(timeout: .now() + gracePeriod)
        }
        _ = drained.wait(timeout: .now() + gracePeriod)
        return streams.output(status: -1, timedOut: true)
    }
}

/// What the reader threads collected.
private final class Streams: @unchecked Sendable {
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()

    func store(_ data: Data, stdout isOut: Bool) {
        lock.withLock { if isOut { stdout = data } else { stderr = data } }
    }

    func output(status: Int32, timedOut: Bool) -> ExecPluginProcess.Output {
        lock.withLock { ExecPluginProcess.Output(status: status, stdout: stdout, stderr: stderr, timedOut: timedOut) }
    }
}
