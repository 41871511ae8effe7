import Foundation
import Testing
@testable import ClusterSim

/// TLS through the nginx front proxy, exercised with the curl CLI (client certificates, bearer
/// tokens, HTTP/2 watch streaming).
@Suite struct TLSFrontProxyTests {
    static var nginxAvailable: Bool {
        if TLSFrontProxy.nginxPath != nil { return true }
        print("nginx not installed: skipping TLS front-proxy tests")
        return false
    }

    @Test func nginxIsPresentOnCI() {
        let onCI = ProcessInfo.processInfo.environment["CI"] != nil
        #expect(!onCI || TLSFrontProxy.nginxPath != nil, "CI must install nginx for the TLS tests")
    }

    func curl(_ args: [String]) async throws -> (status: Int, body: String, httpVersion: String) {
        let (rc, out, err) = try await runProcess("/usr/bin/curl", ["-sS", "-w", "\n%{http_code} %{http_version}"] + args)
        #expect(rc == 0, "curl failed: \(err)")
        let lastNewline = out.lastIndex(of: "\n") ?? out.startIndex
        let trailer = out[out.index(after: lastNewline)...].split(separator: " ")
        return (Int(trailer.first ?? "") ?? 0, String(out[..<lastNewline]), trailer.count > 1 ? String(trailer[1]) : "")
    }

    @Test(.enabled(if: nginxAvailable)) func clientCertificateBecomesTheUser() async throws {
        let pki = try ThrowawayPKI.generate()
        let alice = try pki.issueClientCertificate(commonName: "alice", organization: "ops")
        var options = ClusterSim.Options()
        options.trustFrontProxyHeaders = true
        options.tokens = ["tls-token": "bob"]
        let seen = Locked<[RequestAttributes]>([])
        options.authorizer = { a in seen.withLock { $0.append(a) }; return a.user != "mallory" }
        try await withSim(options) { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Fixtures.pod("llama-0"))
            let proxy = try await TLSFrontProxy.start(upstreamPort: sim.port, certificate: pki.serverCertificate,
                                                      key: pki.serverKey, clientCA: pki.caCertificate)
            defer { proxy.stop() }
            let url = proxy.baseURL + "/api/v1/namespaces/ml/pods"
            let withCert = try await curl(["--cacert", pki.caCertificate, "--cert", alice.certificate, "--key", alice.key, url])
            #expect(withCert.status == 200)
            #expect(withCert.body.contains("llama-0"))
            #expect(withCert.httpVersion == "2")
            #expect(sim.requests.last?.user == "alice")
            #expect(seen.withLock { $0.last?.groups.contains("ops") } == true)

            let anonymous = try await curl(["--cacert", pki.caCertificate, url])
            #expect(anonymous.status == 401)
            let spoofed = try await curl(["--cacert", pki.caCertificate, "-H", "X-Remote-User: mallory", url])
            #expect(spoofed.status == 401, "headers from clients must not authenticate")
            let token = try await curl(["--cacert", pki.caCertificate, "-H", "Authorization: Bearer tls-token", url])
            #expect(token.status == 200)
            #expect(sim.requests.last?.user == "bob")
        }
    }

    @Test(.enabled(if: nginxAvailable)) func watchStreamsThroughTheProxy() async throws {
        let pki = try ThrowawayPKI.generate()
        let client = try pki.issueClientCertificate(commonName: "restartwatch")
        var options = ClusterSim.Options()
        options.trustFrontProxyHeaders = true
        try await withSim(options) { sim in
            let proxy = try await TLSFrontProxy.start(in: sim, pki: pki, requireClientCertificate: true)
            defer { proxy.stop() }
            let refused = try await runProcess("/usr/bin/curl", ["-sS", "--cacert", pki.caCertificate, proxy.baseURL + "/version"])
            #expect(!refused.1.contains("\"major\""), "a required client certificate is enforced")
            let rv = sim.currentResourceVersion
            let url = proxy.baseURL + "/api/v1/pods?watch=true&resourceVersion=\(rv)&timeoutSeconds=2"
            let task = Task { try await curl(["-N", "--http1.1", "--cacert", pki.caCertificate, "--cert", client.certificate,
                                              "--key", client.key, url]) }
            #expect(await sim.waitForWatches(count: 1))
            try sim.put(resource: "pods", namespace: "ml", name: "a", json: Fixtures.pod("a"))
            let result = try await task.value
            #expect(result.status == 200)
            #expect(result.body.split(separator: "\n").count == 1)
            #expect(result.body.hasPrefix("{\"type\":\"ADDED\""))
        }
    }

    @Test(.enabled(if: nginxAvailable && KubectlFidelityTests.available)) func kubectlWithClientCertificateOverTLS() async throws {
        let pki = try ThrowawayPKI.generate()
        let client = try pki.issueClientCertificate(commonName: "alice", organization: "ops")
        var options = ClusterSim.Options()
        options.trustFrontProxyHeaders = true
        try await withSim(options) { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: Fixtures.pod("llama-0"))
            let proxy = try await TLSFrontProxy.start(upstreamPort: sim.port, certificate: pki.serverCertificate,
                                                      key: pki.serverKey, clientCA: pki.caCertificate)
            defer { proxy.stop() }
            let dir = try tempDir()
            let kubeconfig = """
            apiVersion: v1
            kind: Config
            current-context: sim
            clusters:
            - name: sim
              cluster: {server: "\(proxy.baseURL)", certificate-authority: "\(pki.caCertificate)"}
            users:
            - name: alice
              user: {client-certificate: "\(client.certificate)", client-key: "\(client.key)"}
            contexts:
            - name: sim
              context: {cluster: sim, user: alice, namespace: ml}
            """
            try kubeconfig.write(toFile: "\(dir)/config", atomically: true, encoding: .utf8)
            let (rc, out, err) = try await runProcess(KubectlFidelityTests.kubectl,
                                                      ["--kubeconfig", "\(dir)/config", "get", "pods", "-o", "json",
                                                       "--cache-dir", "\(dir)/cache", "--request-timeout=20s"])
            #expect(rc == 0, "kubectl failed: \(err)")
            #expect(out.contains("llama-0"))
            let list = try #require(sim.requests.last { $0.path == "/api/v1/namespaces/ml/pods" })
            #expect(list.user == "alice")
        }
    }
}
