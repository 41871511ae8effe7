import ClusterSim
import Foundation
import Testing
@testable import KubeClient

/// TLS, client certificates, tls-server-name and HTTP/2 through ClusterSim's nginx front proxy.
@Suite(.serialized) struct IntegrationTLSTests {
    static var nginxAvailable: Bool { TLSFrontProxy.nginxPath != nil }

    /// A sim behind nginx with a throwaway PKI; `body` gets the proxy URL and the PKI.
    static func withProxy(_ body: (ClusterSim, TLSFrontProxy, ThrowawayPKI) async throws -> Void) async throws {
        let pki = try ThrowawayPKI.generate()
        var options = ClusterSim.Options()
        options.trustFrontProxyHeaders = true
        options.tokens = ["tls-token": "bob"]
        try await withSim(options) { sim in
            try sim.put(resource: "pods", namespace: "ml", name: "llama-0", json: PodJSON.pod("llama-0"))
            let proxy = try await TLSFrontProxy.start(upstreamPort: sim.port, certificate: pki.serverCertificate,
                                                      key: pki.serverKey, clientCA: pki.caCertificate)
            defer { proxy.stop() }
            try await body(sim, proxy, pki)
        }
    }

    static func client(_ server: String, tls: TLSSettings, token: String? = nil) -> CurlKubeAPI {
        let config = ClientConfig(server: server, tls: tls, origin: "kubeconfig /tmp/kc, context tls",
                                  userDescription: "tls-user", connectTimeoutSeconds: 3)
        return CurlKubeAPI(http: KubeHTTPClient(config: config, credentials: StaticCredentialProvider(token: token.map(Secret.init))))
    }

    static func read(_ path: String) throws -> Secret { Secret(try String(contentsOfFile: path, encoding: .utf8)) }

    @Test(.enabled(if: nginxAvailable)) func inlineCAAndClientCertificateOverHTTP2() async throws {
        try await Self.withProxy { sim, proxy, pki in
            let cert = try pki.issueClientCertificate(commonName: "restartwatch", organization: "ops")
            let tls = TLSSettings(caData: try Self.read(pki.caCertificate), clientCertificateData: try Self.read(cert.certificate),
                                  clientKeyData: try Self.read(cert.key))
            let client = Self.client(proxy.baseURL, tls: tls)
            let response = try await client.http.send(Requests.get(.pods, namespace: "ml", name: "llama-0"))
            #expect(response.head.status == 200)
            #expect(response.head.httpVersion == 3, "HTTP/2 negotiated via ALPN")
            _ = try await response.body.collect()
            #expect(sim.requests.last?.user == "restartwatch")
        }
    }

    @Test(.enabled(if: nginxAvailable)) func caFileAndBearerTokenAndAWatchOverTLS() async throws {
        try await Self.withProxy { sim, proxy, pki in
            let client = Self.client(proxy.baseURL, tls: TLSSettings(caFile: pki.caCertificate), token: "tls-token")
            let rv = sim.currentResourceVersion
            // ClusterSim sends the watch headers with the first event, so write it once the watch is registered.
            let writer = Task {
                _ = await sim.waitForWatches(count: 1)
                try sim.put(resource: "pods", namespace: "ml", name: "b", json: PodJSON.pod("b"))
            }
            let stream = try await client.watch(.pods, namespace: "ml", options: ListOptions(resourceVersion: "\(rv)", timeoutSeconds: 2),
                                                as: SimPod.self)
            try await writer.value
            var names: [String] = []
            for try await event in stream { if case .added(let o) = event { names.append(o.header.name) } }
            #expect(names == ["b"])
            #expect(sim.requests.last?.user == "bob")
        }
    }

    @Test(.enabled(if: nginxAvailable)) func untrustedServerSaysWhichCAAndServer() async throws {
        try await Self.withProxy { _, proxy, _ in
            let client = Self.client(proxy.baseURL, tls: TLSSettings())
            do {
                _ = try await client.listPage(.pods, namespace: "ml", options: ListOptions(), as: SimPod.self)
                Issue.record("expected a TLS failure")
            } catch let e as KubeError {
                #expect(e.kind == .tls && e.curlCode == 60)
                #expect(e.message.contains(proxy.baseURL) && e.message.contains("system CA store"))
            }
            // insecure-skip-tls-verify, only because the config says so.
            let insecure = Self.client(proxy.baseURL, tls: TLSSettings(insecureSkipVerify: true), token: "tls-token")
            #expect(try await insecure.listPage(.pods, namespace: "ml", options: ListOptions(), as: SimPod.self).items.count == 1)
        }
    }

    @Test(.enabled(if: nginxAvailable)) func tlsServerNameIsVerifiedInsteadOfTheAddress() async throws {
        try await Self.withProxy { _, proxy, pki in
            // The certificate is for 127.0.0.1 and localhost; dial 127.0.0.1, verify "localhost".
            let good = Self.client(proxy.baseURL, tls: TLSSettings(caFile: pki.caCertificate, serverName: "localhost"), token: "tls-token")
            #expect(try await good.listPage(.pods, namespace: "ml", options: ListOptions(), as: SimPod.self).items.count == 1)
            let wrong = Self.client(proxy.baseURL, tls: TLSSettings(caFile: pki.caCertificate, serverName: "kubernetes.example"))
            do {
                _ = try await wrong.listPage(.pods, namespace: "ml", options: ListOptions(), as: SimPod.self)
                Issue.record("expected a name mismatch")
            } catch let e as KubeError {
                #expect(e.kind == .tls)
                #expect(e.message.contains("tls-server-name"))
            }
        }
    }

    @Test(.enabled(if: nginxAvailable)) func twoWatchesStreamAtOnceOverHTTP2() async throws {
        try await Self.withProxy { sim, proxy, pki in
            let client = Self.client(proxy.baseURL, tls: TLSSettings(caFile: pki.caCertificate), token: "tls-token")
            let rv = "\(sim.currentResourceVersion)"
            let writer = Task {
                _ = await sim.waitForWatches(count: 2)
                try sim.put(resource: "pods", namespace: "ml", name: "x", json: PodJSON.pod("x"))
                try sim.put(resource: "pods", namespace: "other", name: "y", json: PodJSON.pod("y", namespace: "other"))
            }
            async let ml = Self.names(client, namespace: "ml", rv: rv)
            async let other = Self.names(client, namespace: "other", rv: rv)
            let (a, b) = try await (ml, other)
            try await writer.value
            #expect(a == ["x"] && b == ["y"])
        }
    }

    static func names(_ client: CurlKubeAPI, namespace: String, rv: String) async throws -> [String] {
        let stream = try await client.watch(.pods, namespace: namespace, options: ListOptions(resourceVersion: rv, timeoutSeconds: 2),
                                            as: SimPod.self)
        var names: [String] = []
        for try await event in stream { if case .added(let o) = event { names.append(o.header.name) } }
        return names
    }
}
