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
    ///
    /// Why posix_spawn and wait4 rather than Foundation's `Process`: corelibs-foundation notices
    /// every child's exit on one shared manager thread that blocks in `waitpid` for each in turn, so
    /// one slow or hung child elsewhere in the process delays every other child's exit (seen in CI:
    /// a plugin that prints one line took 7–27 s while other subprocesses ran).
    static func runBlocking(executable: String, arguments: [String], environment: [String: String],
                            timeout: TimeInterval) throws -> Output {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe) else { throw startError(executable, errno) }
        guard makePipe(&errPipe) else {
            close(outPipe[0]); close(outPipe[1])
            throw startError(executable, errno)
        }
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, environment, stdout: outPipe[1], stderr: errPipe[1])
        } catch {
            outPipe.forEach { close($0) }; errPipe.forEach { close($0) }
            throw error
        }
        // Only the child writes: with our write ends closed, the readers see end of file when it
        // (and anything it left running) is done.
        close(outPipe[1]); close(errPipe[1])
        let streams = Streams()
        let drained = DispatchGroup()
        for (fd, isOut) in [(outPipe[0], true), (errPipe[0], false)] {
            drained.enter()
            Thread.detachNewThread {
                streams.store(readAll(fd), stdout: isOut)
                close(fd)
                drained.leave()
            }
        }
        let child = Child(pid: pid)
        let exited = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            child.waitForExit()
            exited.signal()
        }
        let deadline = DispatchTime.now() + timeout
        if exited.wait(timeout: deadline) == .success {
            // A grandchild may hold the pipes after the plugin exits; the deadline still applies.
            let complete = drained.wait(timeout: deadline) == .success
            return streams.output(status: child.status, timedOut: !complete)
        }
        child.signal(SIGTERM)
        if exited.wait(timeout: .now() + gracePeriod) == .timedOut {
            child.signal(SIGKILL)
            _ = exited.wait(timeout: .now() + gracePeriod)
        }
        _ = drained.wait(timeout: .now() + gracePeriod)
        return streams.output(status: -1, timedOut: true)
    }

    /// Starts the child: stdin from /dev/null, stdout and stderr into the pipes, default signal
    /// dispositions (the daemon ignores SIGPIPE, and ignored signals survive exec).
    private static func spawn(_ executable: String, _ arguments: [String], _ environment: [String: String],
                              stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw startError(executable, rc) }
        return pid
    }

    private static func startError(_ executable: String, _ code: Int32) -> CredentialError {
        CredentialError(.execFailed, "exec: cannot start \(executable): \(String(cString: strerror(code)))")
    }

    /// A pipe whose ends other children do not inherit (`pipe2` is not in Swift's Glibc module).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Reads `fd` to end of file.
    private static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                data.append(contentsOf: buffer[0..<n])
            } else if n == 0 || errno != EINTR {
                return data
            }
        }
    }
}

/// The plugin process: waited for without reaping first, so a signal can never reach a recycled pid.
private final class Child: @unchecked Sendable {
    let pid: pid_t
    private let lock = NSLock()
    private var exited = false
    private var rawStatus: Int32 = 0

    init(pid: pid_t) { self.pid = pid }

    /// Blocks until the child has exited, then reaps it.
    func waitForExit() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
        var status: Int32 = 0
        lock.withLock {
            exited = true  // from here on no signal is sent; only then is the pid released
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            rawStatus = status
        }
    }

    /// Signals the child unless it has already exited.
    func signal(_ signal: Int32) {
        lock.withLock { if !exited { _ = kill(pid, signal) } }
    }

    /// Exit code, or 128 + signal for a killed child.
    var status: Int32 {
        lock.withLock { (rawStatus & 0x7f) == 0 ? (rawStatus >> 8) & 0xff : 128 + (rawStatus & 0x7f) }
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
