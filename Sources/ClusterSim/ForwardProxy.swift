import Foundation

/// An HTTP forward proxy on 127.0.0.1 (Debian's nginx): requests in absolute form
/// (`GET http://127.0.0.1:port/api/v1/pods`) are passed to the host they name, and each one is
/// written to `accessLog`, so a test can prove a client went through it (kubeconfig `proxy-url`).
/// Plain http only: nginx does not tunnel `CONNECT`.
public final class ForwardProxy: Sendable {
    public let port: Int
    public let directory: String
    private let process: Locked<Process?>

    public var url: String { "http://127.0.0.1:\(port)" }
    public var accessLog: String { "\(directory)/access.log" }

    private init(port: Int, directory: String, process: Process) {
        self.port = port
        self.directory = directory
        self.process = Locked(process)
    }

    public static func start() async throws -> ForwardProxy {
        guard let nginx = Nginx.path else { throw ClusterSimError(description: "nginx is not installed") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clustersim-forward-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let port = try Nginx.freePort()
        let conf = """
        \(Nginx.userDirective)
        worker_processes 1;
        pid \(dir)/nginx.pid;
        error_log \(dir)/error.log warn;
        events { worker_connections 128; }
        http {
            log_format proxied '$request';
            access_log \(dir)/access.log proxied;
            client_body_temp_path \(dir)/body; proxy_temp_path \(dir)/proxy; fastcgi_temp_path \(dir)/fastcgi;
            uwsgi_temp_path \(dir)/uwsgi; scgi_temp_path \(dir)/scgi;
            server {
                listen 127.0.0.1:\(port);
                location / {
                    # Only loopback targets: this fixture must never reach anywhere else.
                    if ($http_host !~ "^127\\.0\\.0\\.1:[0-9]+$") { return 403; }
                    proxy_pass http://$http_host;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_buffering off;
                    proxy_read_timeout 3600s;
                }
            }
        }

        """
        try conf.write(toFile: "\(dir)/nginx.conf", atomically: true, encoding: .utf8)
        let p = try await Nginx.launch(nginx, directory: dir, port: port)
        return ForwardProxy(port: port, directory: dir, process: p)
    }

    /// Request lines the proxy has passed on so far (access log lines are written as requests end).
    public var requestLines: [String] {
        ((try? String(contentsOfFile: accessLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    public func stop() {
        guard let p = process.withLock({ p -> Process? in defer { p = nil }; return p }) else { return }
        Nginx.stop(p)
    }

    deinit { stop() }
}
