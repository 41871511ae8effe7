import Foundation
import Testing
@testable import RestartWatch

@Suite struct OpsTests {
    @Test func metricsRenderPrometheusText() {
        let m = Metrics()
        m.inc("restartwatch_findings_total", ["cause": "oom-killed"])
        m.inc("restartwatch_findings_total", ["cause": "oom-killed"])
        m.inc("restartwatch_api_errors_total", ["code": "429"])
        m.set("restartwatch_tracked_pods", 42)
        let text = m.render()
        #expect(text.contains("# TYPE restartwatch_findings_total counter\nrestartwatch_findings_total{cause=\"oom-killed\"} 2\n"))
        #expect(text.contains("restartwatch_api_errors_total{code=\"429\"} 1"))
        #expect(text.contains("# TYPE restartwatch_tracked_pods gauge\nrestartwatch_tracked_pods 42\n"))
        #expect(Metrics.labelText(["a": "x\"y"]) == "{a=\"x\\\"y\"}")
    }

    @Test func systemdNotifyReachesTheSocket() throws {
        let path = TestPaths.temporaryDirectory("notify") + "/notify.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(rc == 0)
        let notify = SystemdNotify(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "20000000"])
        #expect(notify.watchdogInterval == 10)
        notify.ready(status: "watching 3 namespaces")
        var buf = [UInt8](repeating: 0, count: 256)
        let n = recv(fd, &buf, buf.count, 0)
        #expect(String(decoding: buf[0..<max(0, n)], as: UTF8.self) == "READY=1\nSTATUS=watching 3 namespaces")
        #expect(!SystemdNotify(environment: [:]).send("READY=1"))
    }

    @Test func opsServerServesMetricsHealthAndReadiness() async throws {
        let m = Metrics()
        m.set("restartwatch_tracked_pods", 7)
        let ready = ReadyFlag()
        let server = try await OpsServer.start(host: "127.0.0.1", port: 0, probes: .init(
            metrics: { m.render() }, healthy: { true }, ready: { ready.value }))
        defer { Task { await server.stop() } }
        func get(_ path: String) async throws -> (Int, String) {
            let r = try await BinaryRunner.runProgram("/usr/bin/curl", ["-s", "-o", "-", "-w", "\n%{http_code}",
                                                                       "http://127.0.0.1:\(server.port)\(path)"])
            let code = Int(r.stdout.split(separator: "\n").last ?? "") ?? 0
            return (code, r.stdout)
        }
        #expect(try await get("/healthz").0 == 200)
        #expect(try await get("/readyz").0 == 503)
        ready.value = true
        #expect(try await get("/readyz").0 == 200)
        let (code, body) = try await get("/metrics")
        #expect(code == 200)
        #expect(body.contains("restartwatch_tracked_pods 7"))
        #expect(try await get("/nope").0 == 404)
    }
}
