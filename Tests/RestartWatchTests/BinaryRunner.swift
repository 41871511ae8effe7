import Foundation

/// Runs the built `restartwatch` executable, as a user would.
enum BinaryRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable next to the test bundle (SwiftPM builds it because the tests depend on it).
    static var executable: URL {
        let here = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent(), TestPaths.packageRoot.appendingPathComponent(".build/debug")] {
            let candidate = dir.appendingPathComponent("restartwatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return TestPaths.packageRoot.appendingPathComponent(".build/debug/restartwatch")
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil, stdin: Data? = nil,
                    timeout: Double = 120) async throws -> Result {
        try await runProgram(executable.path, arguments, environment: environment, stdin: stdin, timeout: timeout)
    }

    /// Runs any program to completion on a thread of its own: blocking the Swift concurrency pool
    /// (two threads on a two-core machine) would stall every other test's timers meanwhile.
    static func runProgram(_ path: String, _ arguments: [String], environment: [String: String]? = nil,
                           stdin: Data? = nil, timeout: Double = 120) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result {
                    try runBlocking(path, arguments, environment: environment, stdin: stdin, timeout: timeout)
                })
            }
        }
    }

    private static func runBlocking(_ path: String, _ arguments: [String], environment: [String: String]?,
                                    stdin: Data?, timeout: Double) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter(); Thread.detachNewThread { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); Thread.detachNewThread { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            let name = URL(fileURLWithPath: path).lastPathComponent
            throw NSError(domain: "BinaryRunner", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(name) \(arguments) timed out"])
        }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
