import ClusterSim
import Foundation

/// Kubernetes RBAC for the test: Roles, ClusterRoles and their bindings read from deploy/ manifests,
/// deciding like the apiserver's RBAC authorizer (source: kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go
/// and pkg/apis/rbac/v1/evaluation_helpers.go). Only allow rules exist in RBAC; no match means deny.
struct RBACEvaluator: Sendable {
    /// One `rules[]` entry.
    struct Rule: Sendable, Hashable {
        var apiGroups: [String]
        var resources: [String]
        var verbs: [String]
        var resourceNames: [String]
    }

    /// Rules granted to subjects, in one namespace (RoleBinding) or everywhere (ClusterRoleBinding).
    struct Grant: Sendable {
        /// nil: cluster-wide.
        var namespace: String?
        var rules: [Rule]
        var users: Set<String>
        var groups: Set<String>
    }

    /// (apiGroup, resource or resource/subresource, verb): the unit "granted" and "used" are compared in.
    struct Permission: Sendable, Hashable, Comparable, CustomStringConvertible {
        var apiGroup: String
        var resource: String
        var verb: String
        var description: String { "\(verb) \(apiGroup.isEmpty ? "" : apiGroup + "/")\(resource)" }
        static func < (a: Permission, b: Permission) -> Bool { a.description < b.description }
    }

    var grants: [Grant]

    /// Builds grants from manifest objects. A binding whose role is not among them grants nothing.
    init(_ objects: [[String: Any]]) {
        var roles: [String: [Rule]] = [:]
        for o in objects {
            let kind = o["kind"] as? String ?? ""
            guard kind == "Role" || kind == "ClusterRole", let meta = o["metadata"] as? [String: Any],
                  let name = meta["name"] as? String else { continue }
            let ns = kind == "Role" ? (meta["namespace"] as? String ?? "") : ""
            roles["\(kind)/\(ns)/\(name)"] = (o["rules"] as? [[String: Any]] ?? []).map(Self.rule)
        }
        grants = objects.compactMap { o in Self.grant(o, roles: roles) }
    }

    private static func rule(_ r: [String: Any]) -> Rule {
        func list(_ key: String) -> [String] { (r[key] as? [Any])?.map { "\($0)" } ?? [] }
        return Rule(apiGroups: list("apiGroups"), resources: list("resources"), verbs: list("verbs"), resourceNames: list("resourceNames"))
    }

    private static func grant(_ o: [String: Any], roles: [String: [Rule]]) -> Grant? {
        let kind = o["kind"] as? String ?? ""
        guard kind == "RoleBinding" || kind == "ClusterRoleBinding", let meta = o["metadata"] as? [String: Any],
              let ref = o["roleRef"] as? [String: Any], let refKind = ref["kind"] as? String, let refName = ref["name"] as? String
        else { return nil }
        let bindingNS = kind == "RoleBinding" ? (meta["namespace"] as? String ?? "") : nil
        // A RoleBinding may reference a Role in its own namespace or a ClusterRole (rbac/v1 RoleRef).
        let key = refKind == "Role" ? "Role/\(bindingNS ?? "")/\(refName)" : "ClusterRole//\(refName)"
        guard refKind != "Role" || bindingNS != nil, let rules = roles[key] else { return nil }
        var users = Set<String>(), groups = Set<String>()
        for s in o["subjects"] as? [[String: Any]] ?? [] {
            let name = s["name"] as? String ?? ""
            switch s["kind"] as? String {
            // Service account user names (source: apiserver pkg/authentication/serviceaccount/util.go MakeUsername).
            case "ServiceAccount": users.insert("system:serviceaccount:\(s["namespace"] as? String ?? bindingNS ?? ""):\(name)")
            case "User": users.insert(name)
            case "Group": groups.insert(name)
            default: break
            }
        }
        return Grant(namespace: bindingNS, rules: rules, users: users, groups: groups)
    }

    /// Whether some bound rule allows the request.
    func allows(_ a: RequestAttributes) -> Bool {
        grants.contains { g in
            applies(g, to: a) && g.rules.contains { Self.rule($0, allows: a) }
        }
    }

    private func applies(_ g: Grant, to a: RequestAttributes) -> Bool {
        guard g.users.contains(a.user) || !g.groups.isDisjoint(with: a.groups) else { return false }
        // A RoleBinding grants only inside its namespace, never at cluster scope.
        return g.namespace == nil || g.namespace == a.namespace
    }

    static func rule(_ r: Rule, allows a: RequestAttributes) -> Bool {
        let resource = a.subresource.isEmpty ? a.resource : "\(a.resource)/\(a.subresource)"
        let verbOK = r.verbs.contains("*") || r.verbs.contains(a.verb)
        let groupOK = r.apiGroups.contains("*") || r.apiGroups.contains(a.apiGroup)
        let resourceOK = r.resources.contains { $0 == "*" || $0 == resource || (!a.subresource.isEmpty && $0 == "*/\(a.subresource)") }
        // With resourceNames, requests without a name (list, watch, create) are not covered (ResourceNameMatches).
        let nameOK = r.resourceNames.isEmpty || (!a.name.isEmpty && r.resourceNames.contains(a.name))
        return verbOK && groupOK && resourceOK && nameOK
    }

    /// Every permission the bound rules of `user` spell out (wildcards are reported as written).
    func permissions(of user: String) -> Set<Permission> {
        var out = Set<Permission>()
        for g in grants where g.users.contains(user) {
            for r in g.rules {
                for group in r.apiGroups { for res in r.resources { for v in r.verbs { out.insert(Permission(apiGroup: group, resource: res, verb: v)) } } }
            }
        }
        return out
    }

    /// The rules with one (apiGroup, resource, verb) taken out: the negative control.
    func removing(_ p: Permission) -> RBACEvaluator {
        var copy = self
        for gi in copy.grants.indices {
            copy.grants[gi].rules = copy.grants[gi].rules.flatMap { r -> [Rule] in
                guard r.apiGroups.contains(p.apiGroup), r.resources.contains(p.resource), r.verbs.contains(p.verb) else { return [r] }
                var others = r, this = r
                others.resources.removeAll { $0 == p.resource }
                this.resources = [p.resource]
                this.verbs.removeAll { $0 == p.verb }
                return [others, this].filter { !$0.resources.isEmpty && !$0.verbs.isEmpty }
            }
        }
        return copy
    }
}

extension RequestAttributes {
    /// The permission this request exercises.
    var permission: RBACEvaluator.Permission {
        .init(apiGroup: apiGroup, resource: subresource.isEmpty ? resource : "\(resource)/\(subresource)", verb: verb)
    }
}
