import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs Debian's nginx on 127.0.0.1 for the fixtures that need a real HTTP intermediary
/// (`TLSFrontProxy`, `ForwardProxy`): start with a config, wait until it listens, stop.
enum Nginx {
    /// nginx's path, or nil when it is not installed.
    static var path: String? {
        ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `nginx` with `directory`/nginx.conf in the foreground and waits until `port` accepts.
    static func launch(_ nginx: String, directory dir: String, port: Int) async throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: nginx)
        p.arguments = ["-p", dir, "-c", "\(dir)/nginx.conf", "-e", "\(dir)/error.log", "-g", "daemon off;"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        for _ in 0..<200 {
            if canConnect(port) { return p }
            if !p.isRunning { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        stop(p)
        let log = (try? String(contentsOfFile: "\(dir)/error.log", encoding: .utf8)) ?? ""
        throw ClusterSimError(description: "nginx did not start: \(log.suffix(500))")
    }

    /// Fast shutdown, then waits for it.
    static func stop(_ p: Process) {
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
        }
    }

    /// The `user` line nginx needs when run as root (it would switch to `nobody` otherwise).
    static var userDirective: String { geteuid() == 0 ? "user root;" : "" }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw ClusterSimError(description: "no free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
