import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Terminates TLS (HTTP/2 or HTTP/1.1) on 127.0.0.1 with Debian's nginx and forwards to a plain
/// ClusterSim, passing a verified client certificate's CN/O as `X-Remote-User`/`X-Remote-Group`
/// — kube-apiserver's front-proxy (requestheader) pattern. Start the sim with
/// `trustFrontProxyHeaders = true`. We avoid swift-nio-ssl to keep BoringSSL out of the build.
public final class TLSFrontProxy: Sendable {
    public let port: Int
    public let directory: String
    private let process: Locked<Process?>

    public var baseURL: String { "https://127.0.0.1:\(port)" }

    /// nginx's path, or nil when it is not installed.
    public static var nginxPath: String? {
        ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private init(port: Int, directory: String, process: Process) {
        self.port = port
        self.directory = directory
        self.process = Locked(process)
    }

    /// Starts nginx in front of `upstreamPort`. With `clientCA`, client certificates are verified
    /// (`ssl_verify_client optional`, or `on` when `requireClientCertificate`).
    public static func start(upstreamPort: Int, certificate: String, key: String, clientCA: String? = nil,
                             requireClientCertificate: Bool = false) async throws -> TLSFrontProxy {
        guard let nginx = nginxPath else { throw ClusterSimError(description: "nginx is not installed") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clustersim-nginx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let port = try freePort()
        let conf = config(dir: dir, port: port, upstream: upstreamPort, certificate: certificate, key: key,
                          clientCA: clientCA, require: requireClientCertificate)
        try conf.write(toFile: "\(dir)/nginx.conf", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: nginx)
        p.arguments = ["-p", dir, "-c", "\(dir)/nginx.conf", "-e", "\(dir)/error.log", "-g", "daemon off;"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let proxy = TLSFrontProxy(port: port, directory: dir, process: p)
        for _ in 0..<200 {
            if canConnect(port) { return proxy }
            if !p.isRunning { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        proxy.stop()
        let log = (try? String(contentsOfFile: "\(dir)/error.log", encoding: .utf8)) ?? ""
        throw ClusterSimError(description: "nginx did not start: \(log.suffix(500))")
    }

    /// Convenience: TLS in front of `sim` with `pki`'s server certificate, verifying client
    /// certificates against `pki`'s CA. `sim` must trust front-proxy headers.
    public static func start(in front: ClusterSim, pki: ThrowawayPKI,
                             requireClientCertificate: Bool = false) async throws -> TLSFrontProxy {
        try await start(upstreamPort: front.port, certificate: pki.serverCertificate, key: pki.serverKey,
                        clientCA: pki.caCertificate, requireClientCertificate: requireClientCertificate)
    }

    /// Stops nginx (fast shutdown) and waits for it.
    public func stop() {
        guard let p = process.withLock({ p -> Process? in defer { p = nil }; return p }) else { return }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
        }
    }

    deinit { stop() }

    static func config(dir: String, port: Int, upstream: Int, certificate: String, key: String, clientCA: String?,
                       require: Bool) -> String {
        var tls = ""
        if let clientCA {
            tls = "ssl_client_certificate \(clientCA);\n        ssl_verify_client \(require ? "on" : "optional");\n        ssl_verify_depth 2;"
        }
        let user = geteuid() == 0 ? "user root;" : ""
        return """
        \(user)
        worker_processes 1;
        pid \(dir)/nginx.pid;
        error_log \(dir)/error.log warn;
        events { worker_connections 512; }
        http {
            access_log off;
            client_max_body_size 64m;
            client_body_temp_path \(dir)/body; proxy_temp_path \(dir)/proxy; fastcgi_temp_path \(dir)/fastcgi;
            uwsgi_temp_path \(dir)/uwsgi; scgi_temp_path \(dir)/scgi;
            # Only a verified certificate yields an identity; spoofed headers from clients are overwritten.
            map "$ssl_client_verify|$ssl_client_s_dn" $sim_remote_user { default ""; "~^SUCCESS\\|(.*,)?CN=(?<cn>[^,]+)" $cn; }
            map "$ssl_client_verify|$ssl_client_s_dn" $sim_remote_group { default ""; "~^SUCCESS\\|(.*,)?O=(?<o>[^,]+)" $o; }
            server {
                listen 127.0.0.1:\(port) ssl http2;
                ssl_certificate \(certificate);
                ssl_certificate_key \(key);
                \(tls)
                location / {
                    proxy_pass http://127.0.0.1:\(upstream);
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host:$server_port;
                    proxy_set_header X-Remote-User $sim_remote_user;
                    proxy_set_header X-Remote-Group $sim_remote_group;
                    proxy_buffering off;
                    proxy_request_buffering off;
                    proxy_read_timeout 3600s;
                    proxy_send_timeout 3600s;
                }
            }
        }

        """
    }

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
