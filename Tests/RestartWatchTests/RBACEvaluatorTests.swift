@testable import ClusterSim
import Foundation
import Testing

/// The test's RBAC evaluator decides like Kubernetes' RBAC authorizer on the cases deploy/ relies on.
@Suite struct RBACEvaluatorTests {
    static let sa = "system:serviceaccount:ml:rw"

    static func attrs(_ verb: String, _ resource: String, sub: String = "", group: String = "", ns: String = "ml", name: String = "",
                      user: String = sa) -> RequestAttributes {
        RequestAttributes(user: user, groups: ["system:authenticated"], verb: verb, apiGroup: group, resource: resource,
                          subresource: sub, namespace: ns, name: name)
    }

    static func objects(_ yaml: String) throws -> [[String: Any]] {
        let path = TestPaths.temporaryDirectory("rbac") + "/rbac.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try DeployManifests.documents(file: path).map(\.object)
    }

    static let role = """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: r, namespace: ml}
    rules:
      - {apiGroups: [""], resources: ["pods"], verbs: ["get", "list"]}
      - {apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: ["only-this"]}
      - {apiGroups: ["apps"], resources: ["deployments", "replicasets"], verbs: ["get"]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: r, namespace: ml}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
    subjects: [{kind: ServiceAccount, name: rw, namespace: ml}]
    """

    @Test func aRoleBindingGrantsOnlyItsRulesInItsNamespaceToItsSubjects() throws {
        let e = RBACEvaluator(try Self.objects(Self.role))
        #expect(e.allows(Self.attrs("list", "pods")))
        #expect(!e.allows(Self.attrs("watch", "pods")), "verb not granted")
        #expect(!e.allows(Self.attrs("list", "pods", ns: "")), "a Role grants nothing at cluster scope")
        #expect(!e.allows(Self.attrs("list", "pods", ns: "other")))
        #expect(!e.allows(Self.attrs("get", "pods", sub: "log", name: "p")), "pods does not cover pods/log")
        #expect(!e.allows(Self.attrs("get", "deployments", name: "d")), "deployments is in apps, not core")
        #expect(e.allows(Self.attrs("get", "deployments", group: "apps", name: "d")))
        #expect(!e.allows(Self.attrs("list", "pods", user: "system:serviceaccount:ml:other")))
        #expect(e.allows(Self.attrs("get", "configmaps", name: "only-this")))
        #expect(!e.allows(Self.attrs("get", "configmaps", name: "another")))
        #expect(!e.allows(Self.attrs("list", "configmaps")), "resourceNames never cover unnamed requests")
    }

    @Test func aClusterRoleBindingGrantsEverywhereAndRemovingSplitsRules() throws {
        let yaml = Self.role.replacingOccurrences(of: "kind: Role\n", with: "kind: ClusterRole\n")
            .replacingOccurrences(of: "kind: RoleBinding", with: "kind: ClusterRoleBinding")
            .replacingOccurrences(of: "kind: Role, name", with: "kind: ClusterRole, name")
        let e = RBACEvaluator(try Self.objects(yaml))
        #expect(e.allows(Self.attrs("list", "pods", ns: "")))
        #expect(e.allows(Self.attrs("list", "pods", ns: "other")))
        let narrowed = e.removing(.init(apiGroup: "apps", resource: "replicasets", verb: "get"))
        #expect(!narrowed.allows(Self.attrs("get", "replicasets", group: "apps", ns: "x", name: "rs")))
        #expect(narrowed.allows(Self.attrs("get", "deployments", group: "apps", ns: "x", name: "d")), "other resources of the rule stay")
        #expect(e.permissions(of: Self.sa).count == 5)
        #expect(narrowed.permissions(of: Self.sa).count == 4)
    }

    @Test func aBindingToAMissingRoleGrantsNothing() throws {
        let e = RBACEvaluator(try Self.objects(Self.role.replacingOccurrences(of: "kind: Role, name: r", with: "kind: Role, name: gone")))
        #expect(!e.allows(Self.attrs("list", "pods")))
        #expect(e.permissions(of: Self.sa).isEmpty)
    }
}
