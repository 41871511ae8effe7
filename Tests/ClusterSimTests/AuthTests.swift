import Foundation
import Testing
@testable import ClusterSim

@Suite struct AuthTests {
    static let user = "system:serviceaccount:ops:restartwatch"

    static func options() -> ClusterSim.Options {
        var o = ClusterSim.Options()
        o.tokens = ["good-token": user]
        o.authorizer = { a in
            // Least privilege: list/watch/get pods and events in "ml", no logs.
            a.namespace == "ml" && ["pods", "events"].contains(a.resource) && a.subresource.isEmpty
                && ["get", "list", "watch"].contains(a.verb)
        }
        return o
    }

    @Test func missingOrBadTokenIs401() async throws {
        try await withSim(Self.options()) { sim in
            let none = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods")
            #expect(none.status == 401)
            #expect(none.text == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#)
            let bad = try await RawHTTP.request(port: sim.port, "/version", headers: ["Authorization": "Bearer nope"])
            #expect(bad.status == 401)
            let good = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods", headers: ["Authorization": "Bearer good-token"])
            #expect(good.status == 200)
            #expect(sim.requests.last?.user == Self.user)
            #expect(sim.requests.map(\.sentAuthorization) == [false, true, true])
            #expect(sim.requests.last?.httpVersion == "HTTP/1.1")
        }
    }

    @Test func forbiddenMessagesNameUserVerbResourceAndScope() async throws {
        try await withSim(Self.options()) { sim in
            let auth = ["Authorization": "Bearer good-token"]
            let ns = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/other/pods", headers: auth)
            #expect(ns.status == 403)
            #expect(ns.text == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"system:serviceaccount:ops:restartwatch\" cannot list resource \"pods\" in API group \"\" in the namespace \"other\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}"#)
            let log = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods/llama-0/log", headers: auth)
            #expect(log.json["message"] as? String == #"pods "llama-0" is forbidden: User "system:serviceaccount:ops:restartwatch" cannot get resource "pods/log" in API group "" in the namespace "ml""#)
            #expect((log.json["details"] as? [String: Any])?["name"] as? String == "llama-0")
            let all = try await RawHTTP.request(port: sim.port, "/api/v1/pods?watch=true", headers: auth)
            #expect(all.json["message"] as? String == #"pods is forbidden: User "system:serviceaccount:ops:restartwatch" cannot watch resource "pods" in API group "" at the cluster scope"#)
            let lease = try await RawHTTP.request(port: sim.port, "/apis/coordination.k8s.io/v1/namespaces/ml/leases/rw", headers: auth)
            #expect(lease.json["message"] as? String == #"leases.coordination.k8s.io "rw" is forbidden: User "system:serviceaccount:ops:restartwatch" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "ml""#)
        }
    }

    @Test func frontProxyHeadersAreTrustedOnlyWhenEnabled() async throws {
        let headers = ["X-Remote-User": "alice", "X-Remote-Group": "ops"]
        try await withSim(Self.options()) { sim in
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods", headers: headers)
            #expect(r.status == 401)
        }
        var trusting = Self.options()
        trusting.trustFrontProxyHeaders = true
        let seen = Locked<[RequestAttributes]>([])
        trusting.authorizer = { a in seen.withLock { $0.append(a) }; return true }
        try await withSim(trusting) { sim in
            let r = try await RawHTTP.request(port: sim.port, "/api/v1/namespaces/ml/pods", headers: headers)
            #expect(r.status == 200)
            #expect(sim.requests.last?.user == "alice")
            let attrs = try #require(seen.withLock { $0.last })
            #expect(attrs.groups.contains("ops") && attrs.verb == "list" && attrs.namespace == "ml")
        }
    }

    @Test func tokensCanRotate() async throws {
        try await withSim(Self.options()) { sim in
            let path = "/api/v1/namespaces/ml/pods"
            sim.setTokens(["new-token": Self.user])
            let old = try await RawHTTP.request(port: sim.port, path, headers: ["Authorization": "Bearer good-token"])
            #expect(old.status == 401)
            let new = try await RawHTTP.request(port: sim.port, path, headers: ["Authorization": "Bearer new-token"])
            #expect(new.status == 200)
            sim.setAuthorizer { _ in false }
            let denied = try await RawHTTP.request(port: sim.port, path, headers: ["Authorization": "Bearer new-token"])
            #expect(denied.status == 403)
        }
    }
}
