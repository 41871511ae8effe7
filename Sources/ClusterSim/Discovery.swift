import Foundation

/// `/version` and legacy discovery, enough for kubectl (swift-libcurl-notes §4: `/apis` is
/// mandatory; `/api/v1` must list the resource).
extension SimCore {
    func discoveryReply(_ req: SimRequest, host: String) throws -> Reply? {
        guard req.method == "GET" else { return nil }
        let path = req.path.count > 1 && req.path.hasSuffix("/") ? String(req.path.dropLast()) : req.path
        switch path {
        case "/healthz", "/livez", "/readyz":
            return .full(status: 200, contentType: "text/plain; charset=utf-8", body: Data("ok".utf8), headers: [])
        case "/version":
            return .json(200, json(versionInfo))
        case "/api":
            return .json(200, json([
                "kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": host]],
            ]))
        case "/apis":
            let groups = registry.groupVersions.map { groupJSON($0.group, $0.version) }
            return .json(200, json(["kind": "APIGroupList", "apiVersion": "v1", "groups": groups]))
        case "/api/v1":
            return .json(200, json(resourceList(group: "", version: "v1")))
        default:
            let seg = path.split(separator: "/").map(String.init)
            guard seg.first == "apis" else { return nil }
            if seg.count == 2, let gv = registry.groupVersions.first(where: { $0.group == seg[1] }) {
                var group = groupJSON(gv.group, gv.version)
                group["kind"] = "APIGroup"
                group["apiVersion"] = "v1"
                return .json(200, json(group))
            }
            if seg.count == 3, registry.groupVersions.contains(where: { $0.group == seg[1] && $0.version == seg[2] }) {
                return .json(200, json(resourceList(group: seg[1], version: seg[2])))
            }
            return nil
        }
    }

    /// Minor version chooses kubectl through the Cloud SDK dispatcher (swift-libcurl-notes §4).
    private var versionInfo: [String: Any] {
        let minor = options.serverMinorVersion
        return ["major": "1", "minor": "\(minor)", "gitVersion": "v1.\(minor).10", "gitCommit": "clustersim",
                "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23.12",
                "compiler": "gc", "platform": "linux/amd64"]
    }

    private func groupJSON(_ group: String, _ version: String) -> [String: Any] {
        let gv = ["groupVersion": "\(group)/\(version)", "version": version]
        return ["name": group, "versions": [gv], "preferredVersion": gv]
    }

    private func resourceList(group: String, version: String) -> [String: Any] {
        var resources: [[String: Any]] = []
        for r in registry.all where r.group == group && r.version == version {
            var entry: [String: Any] = ["name": r.plural, "singularName": r.singular, "namespaced": r.namespaced,
                                        "kind": r.kind, "verbs": r.verbs]
            if !r.shortNames.isEmpty { entry["shortNames"] = r.shortNames }
            resources.append(entry)
            if r.plural == "pods" {
                resources.append(["name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"]])
            }
        }
        let gv = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources]
    }

    private func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
