@testable import ClusterSim
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KubeClient
@testable import RestartWatch
import Testing

/// Least privilege of deploy/: the real daemon runs each shipped mode under exactly that mode's RBAC
/// (enforced by ClusterSim), diagnoses a probe kill and posts its Event, is never refused, and uses
/// every permission it is granted; taking one rule away produces Kubernetes' own 403.
@Suite(.serialized) struct RBACLeastPrivilegeTests {
    static var nginxAvailable: Bool { TLSFrontProxy.nginxPath != nil }
    typealias Permission = RBACEvaluator.Permission

    /// Granted, and needed by the code, but not exercised by a Deployment-owned pod: the owner walk
    /// (KubeClusterAPI.resource(kind:)) GETs these only for StatefulSet- and DaemonSet-owned pods, and
    /// ClusterSim's scenarios build Deployments. `ownerWalkNeedsTheAllowListedResources` ties them to the code.
    static let unusedByDesign: [Permission: String] = [
        Permission(apiGroup: "apps", resource: "statefulsets", verb: "get"): "owner walk of StatefulSet-owned pods",
        Permission(apiGroup: "apps", resource: "daemonsets", verb: "get"): "owner walk of DaemonSet-owned pods",
    ]
    static let expectedCause = "probe-kill-during-download"
    static let simulatedSeconds = 720.0

    /// Plays the AIBrix probe kill and runs the mode's daemon until `done` holds (or the story ends).
    static func run(_ r: RBACHarness, until done: @escaping () -> Bool) async throws -> (pod: String, namespace: String, exit: Int32) {
        var scenario = Scenario.aibrixQuickstart()
        // Cluster-wide watches a namespace it does not live in; the Role-based modes watch their own.
        scenario.namespace = r.mode == "cluster" ? "default" : r.workloadNamespace
        let pod = ScenarioPlayer(scenario: scenario, start: r.daemon.sim.now).podName
        let process = try r.daemon.startDaemon(try r.daemonArguments(podName: pod))
        #expect(await r.daemon.sim.waitForWatches(count: 2, timeout: 20), "\(r.mode): daemon did not start watching: \(r.daemon.daemonLogs)")
        r.daemon.play([scenario], simulatedSeconds: simulatedSeconds)
        _ = await r.daemon.wait(timeout: simulatedSeconds / r.daemon.speed + 20, until: done)
        let exit = await r.daemon.stop(process)
        #expect(r.daemon.sim.object(resource: "pods", namespace: scenario.namespace, name: pod) != nil, "the scenario's pod is not \(pod)")
        return (pod, scenario.namespace, exit)
    }

    static func findings(_ r: RBACHarness) -> [String] {
        r.daemon.receiver.payloads.compactMap { ($0["finding"] as? [String: Any])?["cause"] as? String }
    }

    @Test(.enabled(if: nginxAvailable, "nginx is not installed"), arguments: DeployManifests.modes)
    func shippedRBACIsExactlyWhatTheDaemonUses(_ mode: String) async throws {
        let r = try await RBACHarness(mode: mode)
        defer { Task { await r.shutdown() } }
        let granted = r.evaluator.permissions(of: r.user)
        // Run until the finding and its Event are in and every grant was exercised (or the story ends).
        let run = try await Self.run(r) {
            Self.findings(r).contains(Self.expectedCause)
                && !r.daemon.postedEvents(namespace: r.mode == "cluster" ? "default" : r.workloadNamespace).isEmpty
                && granted.subtracting(r.used).allSatisfy { Self.unusedByDesign[$0] != nil }
        }
        #expect(run.exit == 0, "\(mode): daemon exit \(run.exit): \(r.daemon.daemonLogs)")
        #expect(Self.findings(r).contains(Self.expectedCause), "\(mode): no \(Self.expectedCause) finding: \(Self.findings(r))\n\(r.daemon.daemonLogs)")
        #expect(!r.daemon.postedEvents(namespace: run.namespace).isEmpty, "\(mode): no Event posted on the pod")

        // No call outside the grant: the simulated apiserver refused nothing, and every request came
        // from the service account (through TLS, with its token).
        let requests = r.daemon.sim.requests
        #expect(!requests.isEmpty)
        #expect(r.denied.isEmpty, "\(mode): refused: \(r.denied.map { "\($0.permission) ns=\($0.namespace)" })")
        #expect(!requests.contains { $0.status == 403 }, "\(mode): 403 in the request log")
        #expect(requests.allSatisfy { $0.user == r.user }, "\(mode): requests not made as \(r.user): \(Set(requests.map { $0.user ?? "-" }))")

        // No permission granted but never used (except the documented owner-walk ones).
        #expect(!granted.isEmpty, "\(mode): the workload's service account \(r.user) is bound to nothing")
        #expect(!granted.contains { $0.verb == "*" || $0.resource == "*" || $0.apiGroup == "*" }, "\(mode): wildcard grant")
        let unused = granted.subtracting(r.used)
        let unexplained = unused.filter { Self.unusedByDesign[$0] == nil }
        #expect(unexplained.isEmpty, "\(mode): granted but never used: \(unexplained.sorted())")
        #expect(r.used.isSubset(of: granted))
        // Scope: cluster-wide lists and watches at cluster scope; the Role-based modes stay in their namespace.
        let namespaces = Set(r.decisions.map(\.attributes.namespace))
        if mode == "cluster" {
            #expect(r.decisions.contains { $0.attributes.verb == "watch" && $0.attributes.namespace.isEmpty }, "cluster: no cluster-scope watch")
        } else {
            #expect(namespaces == [r.workloadNamespace], "\(mode): requests outside \(r.workloadNamespace): \(namespaces)")
        }
        if mode == "sidecar" {
            // The sidecar watches only its own pod.
            let podReads = requests.filter { $0.path.hasSuffix("/pods") }
            #expect(!podReads.isEmpty && podReads.allSatisfy { $0.query["fieldSelector"] == "metadata.name=\(run.pod)" })
        }
    }

    @Test func ownerWalkNeedsTheAllowListedResources() {
        // The allow-list is not a loophole: each entry is a resource the owner walk really GETs.
        for (kind, plural) in [("StatefulSet", "statefulsets"), ("DaemonSet", "daemonsets")] {
            let resource = KubeClusterAPI.resource(kind: kind, apiVersion: "apps/v1")
            #expect(resource?.plural == plural && resource?.group == "apps")
            #expect(Self.unusedByDesign[Permission(apiGroup: "apps", resource: plural, verb: "get")] != nil)
        }
        #expect(Self.unusedByDesign.count == 2)
    }

    /// Rules taken out one at a time for the negative control.
    static let removals = [
        Permission(apiGroup: "", resource: "pods/log", verb: "get"),
        Permission(apiGroup: "", resource: "events", verb: "create"),
        Permission(apiGroup: "apps", resource: "replicasets", verb: "get"),
    ]

    @Test(.enabled(if: nginxAvailable, "nginx is not installed"), arguments: removals)
    func withoutOneRuleTheDaemonIsRefusedWithKubernetesForbidden(_ removed: Permission) async throws {
        let r = try await RBACHarness(mode: "namespaced", withoutPermission: removed)
        defer { Task { await r.shutdown() } }
        _ = try await Self.run(r) { r.daemon.sim.requests.contains { $0.status == 403 } }
        let refused = r.daemon.sim.requests.filter { $0.status == 403 }
        let first = try #require(refused.first, "removing \(removed) produced no 403: \(r.daemon.daemonLogs)")
        let denied = try #require(r.denied.first)
        #expect(r.denied.allSatisfy { $0.permission == removed }, "\(r.denied.map(\.permission))")
        #expect(refused.count == r.denied.count)

        // The exact apiserver Status, replayed with the same token.
        let (status, body) = try await r.replay(first)
        #expect(status == 403)
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(json["kind"] as? String == "Status" && json["reason"] as? String == "Forbidden" && json["code"] as? Int == 403)
        #expect(json["message"] as? String == Self.forbiddenMessage(denied))
        let said = { #expect(r.daemon.daemonLogs.contains("cannot \(removed.verb) resource"), "the daemon should say what it was refused: \(r.daemon.daemonLogs)") }
        said()
    }

    @Test func forbiddenMessagesAreBuiltLikeTheAPIServer() {
        let a = RequestAttributes(user: "system:serviceaccount:ml:rw", groups: [], verb: "get", apiGroup: "apps",
                                  resource: "replicasets", subresource: "", namespace: "ml", name: "llama-7d")
        #expect(Self.forbiddenMessage(a) == #"replicasets.apps "llama-7d" is forbidden: User "system:serviceaccount:ml:rw" cannot get resource "replicasets" in API group "apps" in the namespace "ml""#)
        let list = RequestAttributes(user: "u", groups: [], verb: "list", apiGroup: "", resource: "pods", subresource: "", namespace: "", name: "")
        #expect(Self.forbiddenMessage(list) == #"pods is forbidden: User "u" cannot list resource "pods" in API group "" at the cluster scope"#)
    }

    /// Kubernetes' 403 message, written independently of ClusterSim (source: apiserver
    /// pkg/endpoints/handlers/responsewriters/errors.go `forbiddenMessage`, and apimachinery
    /// pkg/api/errors `NewForbidden`: `<resource>.<group> "<name>" is forbidden: <reason>`).
    static func forbiddenMessage(_ a: RequestAttributes) -> String {
        let qualified = a.apiGroup.isEmpty ? a.resource : "\(a.resource).\(a.apiGroup)"
        let subject = a.name.isEmpty ? qualified : "\(qualified) \"\(a.name)\""
        let resource = a.subresource.isEmpty ? a.resource : "\(a.resource)/\(a.subresource)"
        let scope = a.namespace.isEmpty ? "at the cluster scope" : "in the namespace \"\(a.namespace)\""
        return "\(subject) is forbidden: User \"\(a.user)\" cannot \(a.verb) resource \"\(resource)\" in API group \"\(a.apiGroup)\" \(scope)"
    }
}

extension RBACHarness {
    /// Sends a recorded request again, straight to the simulator with the service account's token.
    func replay(_ record: ClusterSim.RequestRecord) async throws -> (Int, Data) {
        var components = try #require(URLComponents(string: daemon.sim.baseURL + record.path))
        components.queryItems = record.query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        var request = URLRequest(url: try #require(components.url))
        request.httpMethod = record.method
        request.setValue("Bearer \(bearerToken)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
