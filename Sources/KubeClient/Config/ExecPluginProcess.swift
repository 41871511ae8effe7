import Foundation

/// Runs one exec credential plugin to completion: stdin is /dev/null, stdout and stderr are
/// collected, and a plugin that outlives `timeout` is terminated and then killed.
enum ExecPluginProcess {
    /// Exit status and collected streams of one run.
    struct Output: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: Data
        var timedOut: Bool
    }

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let state = RunState()
        let group = DispatchGroup()
        group.enter()
        process.terminationHandler = { _ in
            state.markTerminated()
            group.leave()
        }
        return try await withCheckedThrowingContinuation { continuation in
            state.continuation = continuation
            do {
                try process.run()
            } catch {
                state.finish(.failure(CredentialError(.execFailed, "exec: cannot start \(executable): \(error.localizedDescription)")))
                return
            }
            // Blocking reads get threads of their own: parked on Dispatch's shared pool they could starve
            // the watchdog below (seen on a loaded machine: a 1 s timeout took 15 s).
            for (pipe, isOut) in [(out, true), (err, false)] {
                group.enter()
                Thread.detachNewThread {
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    state.store(data, stdout: isOut)
                    group.leave()
                }
            }
            let pid = process.processIdentifier
            // Signals go only to our own child and only while it has not been reaped, so a
            // recycled pid is never hit.
            let watchdog = DispatchWorkItem {
                state.markTimedOut()
                if !state.isTerminated { kill(pid, SIGTERM) }
                DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
                    if !state.isTerminated { kill(pid, SIGKILL) }
                    // A grandchild may still hold the pipes open; do not wait for it.
                    DispatchQueue.global().asyncAfter(deadline: .now() + 1) { state.finish(status: -1) }
                }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
            group.notify(queue: .global()) {
                watchdog.cancel()
                state.finish(status: process.terminationStatus)
            }
        }
    }
}

/// Shared state of one plugin run, touched from Dispatch callbacks; resumes the caller once.
private final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()
    private var timedOut = false
    var continuation: CheckedContinuation<ExecPluginProcess.Output, Error>?

    func store(_ data: Data, stdout isOut: Bool) {
        lock.withLock { if isOut { stdout = data } else { stderr = data } }
    }

    private var terminated = false

    func markTimedOut() { lock.withLock { timedOut = true } }
    func markTerminated() { lock.withLock { terminated = true } }
    var isTerminated: Bool { lock.withLock { terminated } }

    func finish(status: Int32) {
        let output = lock.withLock {
            ExecPluginProcess.Output(status: status, stdout: stdout, stderr: stderr, timedOut: timedOut)
        }
        finish(.success(output))
    }

    func finish(_ result: Result<ExecPluginProcess.Output, Error>) {
        let pending: CheckedContinuation<ExecPluginProcess.Output, Error>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(with: result)
    }
}
