import Foundation

/// A child process started with posix_spawn and reaped with wait4, with its own peak RSS.
///
/// Why not ru_maxrss alone: glibc's posix_spawn clones with CLONE_VM, and on exec Linux carries the
/// old (shared, i.e. the benchmark's own) memory's high-water mark into the child's maxrss. With a
/// 10 k-pod ClusterSim in this process that put ~400 MB on every child. So the child's VmHWM is
/// also sampled while it runs, and ru_maxrss is believed only when it exceeds this process's own
/// high-water mark at spawn time.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    /// This process's VmHWM just before the spawn.
    private let spawnerHighWater: Int
    /// The child's largest VmHWM seen while it ran.
    private let sampledPeak = Protected(0)
    private let exited = Protected(false)

    /// Runs `path args` with `environment` added; stdout and stderr go to the given files.
    init(_ path: String, _ args: [String], environment: [String: String] = [:], stdout: String, stderr: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        spawnerHighWater = Self.procStatus(getpid(), "VmHWM:") ?? 0
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard rc == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(rc)))") }
        self.pid = pid
        let (sampled, exited, child) = (sampledPeak, self.exited, pid)
        Thread.detachNewThread {
            while !exited.withLock({ $0 }) {
                if let hwm = Self.procStatus(child, "VmHWM:") { sampled.withLock { $0 = Swift.max($0, hwm) } }
                usleep(10_000)
            }
        }
    }

    /// How a child ended.
    struct Exit: Sendable {
        var status: Int32
        /// Peak resident set size in bytes (see the type's note).
        var maxRSS: Int
    }

    /// Waits (off the cooperative pool) for the child to exit.
    func wait() async -> Exit {
        let (pid, spawner, sampled, exited) = (self.pid, spawnerHighWater, sampledPeak, self.exited)
        return await withCheckedContinuation { c in
            Thread.detachNewThread {
                var status: Int32 = 0
                var usage = rusage()
                while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
                exited.withLock { $0 = true }
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                let reported = Int(usage.ru_maxrss) * 1024
                let peak = reported > spawner ? reported : sampled.withLock { $0 }
                c.resume(returning: Exit(status: code, maxRSS: peak))
            }
        }
    }

    func signal(_ s: Int32) { kill(pid, s) }

    /// VmRSS (current resident set) in bytes from /proc, nil once the process is gone.
    var residentBytes: Int? { Self.procStatus(pid, "VmRSS:") }

    static func procStatus(_ pid: pid_t, _ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            let kb = line.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
            return kb.map { $0 * 1024 }
        }
        return nil
    }

    /// The first executable `name` on PATH (or the given absolute path).
    static func which(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}
