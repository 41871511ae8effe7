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
    public static var nginxPath: String? { Nginx.path }

    private init(port: Int, directory: String, process: Process) {
        self.port = port
        self.directory = directory
        self.process = Locked(process)
    }

    /// Starts nginx in front of `upstreamPort`. With `clientCA`, client certificates are verified
    /// (`ssl_verify_client optional`, or `on` when `requireClientCertificate`).
    public static func start(upstreamPort: Int, certificate: String, key: String, clientCA: String? = nil,
                             requireClientCertificate: Bool = false) async throws -> TLSFrontProxy {
        guard let nginx = Nginx.path else { throw ClusterSimError(description: "nginx is not installed") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clustersim-nginx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let port = try Nginx.freePort()
        let conf = config(dir: dir, port: port, upstream: upstreamPort, certificate: certificate, key: key,
                          clientCA: clientCA, require: requireClientCertificate)
        try conf.write(toFile: "\(dir)/nginx.conf", atomically: true, encoding: .utf8)
        let p = try await Nginx.launch(nginx, directory: dir, port: port)
        return TLSFrontProxy(port: port, directory: dir, process: p)
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
        Nginx.stop(p)
    }

    deinit { stop() }

    static func config(dir: String, port: Int, upstream: Int, certificate: String, key: String, clientCA: String?,
                       require: Bool) -> String {
        var tls = ""
        if let clientCA {
            tls = "ssl_client_certificate \(clientCA);\n        ssl_verify_client \(require ? "on" : "optional");\n        ssl_verify_depth 2;"
        }
        let user = Nginx.userDirective
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
}
