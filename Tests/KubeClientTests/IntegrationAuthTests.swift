import ClusterSim
import Foundation
import Testing
@testable import KubeClient

/// A provider whose first token is stale; after `invalidate()` it hands out the good one.
final class RotatingProvider: CredentialProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var current: String
    private let fresh: String
    private(set) var invalidations = 0

    init(stale: String, fresh: String) { current = stale; self.fresh = fresh }

    func bearerToken() async throws -> Secret? { lock.withLock { Secret(current) } }
    func clientCertificate() async throws -> ClientCertificate? { nil }
    func invalidate() async { lock.withLock { current = fresh; invalidations += 1 } }
}

/// Credentials, 401/403 messages and connection failures against ClusterSim.
@Suite(.serialized) struct IntegrationAuthTests {
    static let user = "system:serviceaccount:ops:restartwatch"

    static func options() -> ClusterSim.Options {
        var o = ClusterSim.Options()
        o.tokens = ["good-token": user]
        o.authorizer = { a in a.namespace == "ml" && a.resource == "pods" && ["get", "list", "watch"].contains(a.verb) }
        return o
    }

    static func client(_ sim: ClusterSim, provider: any CredentialProvider, allowHTTP: Bool = true) -> CurlKubeAPI {
        let config = ClientConfig(server: sim.baseURL, origin: "kubeconfig /tmp/kc, context sim",
                                  userDescription: "restartwatch-sa", allowCredentialsOverHTTP: allowHTTP)
        return CurlKubeAPI(http: KubeHTTPClient(config: config, credentials: provider))
    }

    @Test func a401IsRetriedOnceWithFreshCredentials() async throws {
        try await withSim(Self.options()) { sim in
            let provider = RotatingProvider(stale: "expired-token", fresh: "good-token")
            let client = Self.client(sim, provider: provider)
            let page = try await client.listPage(.pods, namespace: "ml", options: ListOptions(), as: SimPod.self)
            #expect(page.items.isEmpty)
            #expect(provider.invalidations == 1)
            #expect(sim.requests.map(\.status) == [401, 200])
            #expect(sim.requests.last?.user == Self.user)
            #expect(!sim.requests.contains { $0.path.contains("token") || $0.query.values.contains { $0.contains("token") } })
        }
    }

    @Test func persistent401SaysWhoAndWhere() async throws {
        try await withSim(Self.options()) { sim in
            let client = Self.client(sim, provider: StaticCredentialProvider(token: Secret("wrong-secret-value")))
            do {
                _ = try await client.listPage(.pods, namespace: "ml", options: ListOptions(), as: SimPod.self)
                Issue.record("expected 401")
            } catch let e as KubeError {
                #expect(e.kind == .unauthorized)
                #expect(e.message.contains("restartwatch-sa") && e.message.contains("context sim"))
                #expect(e.message.contains(#"list pods in namespace "ml""#))
                #expect(!e.message.contains("wrong-secret-value"))
            }
            #expect(sim.requests.count == 2, "exactly one retry")
        }
    }

    @Test func forbiddenNamesVerbResourceNamespaceAndUser() async throws {
        try await withSim(Self.options()) { sim in
            let client = Self.client(sim, provider: StaticCredentialProvider(token: Secret("good-token")))
            do {
                _ = try await client.watch(.pods, namespace: "other", options: ListOptions(resourceVersion: "1"), as: SimPod.self)
                Issue.record("expected 403")
            } catch let e as KubeError {
                #expect(e.kind == .forbidden)
                #expect(e.message.contains(#"watch pods in namespace "other""#))
                #expect(e.message.contains(#"User "system:serviceaccount:ops:restartwatch" cannot watch resource "pods""#))
                #expect(e.message.contains("restartwatch-sa"))
            }
        }
    }

    @Test func tokensAreNotSentOverPlainHTTPUnlessAllowed() async throws {
        try await withSim(Self.options()) { sim in
            let client = Self.client(sim, provider: StaticCredentialProvider(token: Secret("good-token")), allowHTTP: false)
            do {
                _ = try await client.listPage(.pods, namespace: "ml", options: ListOptions(), as: SimPod.self)
                Issue.record("expected a refusal")
            } catch let e as KubeError {
                #expect(e.kind == .insecureTransport)
                #expect(!e.message.contains("good-token"))
            }
            #expect(sim.requests.isEmpty, "nothing was sent")
        }
    }

    @Test func connectionRefusedIsReportedAtOnce() async throws {
        let config = ClientConfig(server: "http://127.0.0.1:9", origin: "test", connectTimeoutSeconds: 2)
        let client = CurlKubeAPI(http: KubeHTTPClient(config: config, credentials: StaticCredentialProvider()))
        let start = Date()
        do {
            _ = try await client.listPage(.pods, namespace: nil, options: ListOptions(), as: SimPod.self)
            Issue.record("expected a failure")
        } catch let e as KubeError {
            #expect(e.kind == .connectionFailed)
            #expect(e.message.contains("127.0.0.1:9") && e.message.contains("connection refused"))
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func idleStreamIsDetected() async throws {
        try await withSim { sim in
            let rv = try sim.put(resource: "pods", namespace: "ml", name: "a", json: PodJSON.pod("a"))
            let client = api(for: sim)
            let request = Requests.watch(.pods, namespace: "ml", options: ListOptions(resourceVersion: "\(rv)"),
                                         idleTimeoutSeconds: 0.5)
            let start = Date()
            do {
                // The idle limit applies from the first byte on: headers may arrive only with data.
                let response = try await client.http.send(request)
                for try await _ in response.body {}
                Issue.record("expected an idle-stream error")
            } catch let e as KubeError {
                #expect(e.kind == .idleStream)
            }
            let waited = Date().timeIntervalSince(start)
            #expect(waited >= 0.4 && waited < 2, "idle detection after \(waited) s")
        }
    }
}
