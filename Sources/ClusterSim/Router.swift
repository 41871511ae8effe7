import Foundation

extension SimCore {
    /// Everything after authentication and request-level faults: discovery or a resource verb.
    func route(_ req: SimRequest, identity: Identity?, host: String) -> Reply {
        do {
            if let discovery = try discoveryReply(req, host: host) { return discovery }
            guard let path = ResourcePath(req.path, registry: registry) else {
                return req.path.hasPrefix("/api/") || req.path.hasPrefix("/apis/") ? .unknownResource : .notFoundPage
            }
            let verb = Self.verb(req, path)
            try authorize(identity, verb: verb, path: path)
            return try serve(req, path: path, verb: verb)
        } catch let e as APIError {
            return .error(e)
        } catch {
            return .error(.internalError("\(error)"))
        }
    }

    static func verb(_ req: SimRequest, _ path: ResourcePath) -> String {
        switch req.method {
        case "GET", "HEAD": return path.name == nil ? (req.isWatch ? "watch" : "list") : "get"
        case "POST": return "create"
        case "PUT": return "update"
        case "PATCH": return "patch"
        case "DELETE": return path.name == nil ? "deletecollection" : "delete"
        default: return req.method.lowercased()
        }
    }

    private func serve(_ req: SimRequest, path: ResourcePath, verb: String) throws -> Reply {
        let r = path.resource
        if let sub = path.subresource {
            guard sub == "log", r.plural == "pods", verb == "get", let name = path.name, let ns = path.namespace else {
                return .unknownResource
            }
            guard let pod = get(r, namespace: ns, name: name) else { throw APIError.notFound(r, name) }
            guard let text = try podLog(pod: pod, namespace: ns, query: req.query) else { return .noContent }
            // Logs are text/plain, not negotiated (source: pkg/registry/core/pod/rest/log.go `LogREST.Get`).
            return .full(status: 200, contentType: "text/plain", body: text, headers: [])
        }
        switch verb {
        case "list": return try list(req, path: path)
        case "watch": return .watch(try watchPlan(req, path: path))
        case "get":
            guard let object = get(r, namespace: path.namespace, name: path.name!) else { throw APIError.notFound(r, path.name!) }
            return .json(200, object.data)
        case "create": return try create(req, path: path)
        case "update": return try update(req, path: path)
        case "patch": return try patch(req, path: path)
        case "delete":
            guard let gone = delete(r, namespace: path.namespace, name: path.name!) else { throw APIError.notFound(r, path.name!) }
            return .json(200, gone.data)
        default: throw APIError.methodNotAllowed()
        }
    }

    private func watchPlan(_ req: SimRequest, path: ResourcePath) throws -> WatchPlan {
        let q = req.query
        let (labels, fields) = try selectors(q, path.resource)
        let sendInitial = q["sendInitialEvents"].map { $0.lowercased() == "true" } ?? false
        let match = q["resourceVersionMatch"] ?? ""
        // Option validation (source: apimachinery internalversion/validation/validation.go `validateWatchOptions`).
        if sendInitial, match != "NotOlderThan" {
            throw Self.invalidListOptions("resourceVersionMatch",
                                          "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")
        }
        if !sendInitial, !match.isEmpty {
            throw Self.invalidListOptions("resourceVersionMatch",
                                          "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")
        }
        let rvText = q["resourceVersion"] ?? ""
        var startRV: Int?
        if !rvText.isEmpty, rvText != "0" {
            guard let rv = Int(rvText) else {
                throw APIError.badRequest("invalid resource version \(JSONBytes.goQuote(rvText))")
            }
            let current = currentRV
            if rv > current { throw APIError.tooLargeResourceVersion(rv, current: current) }
            startRV = rv
        }
        if sendInitial { startRV = nil }
        let defaulted = startRV == nil && match.isEmpty && options.watchListDefaulting
        var timeout = Double(q["timeoutSeconds"] ?? "") ?? 0
        // No timeoutSeconds → minRequestTimeout × [1, 2): 30–60 min (source: apiserver handlers/get.go `handleWatch`).
        if timeout <= 0 { timeout = 1800 * (1 + Double.random(in: 0..<1)) }
        return WatchPlan(resource: path.resource, namespace: path.namespace, labels: labels, fields: fields,
                         startRV: startRV, initialEventsEnd: sendInitial || defaulted,
                         allowBookmarks: (q["allowWatchBookmarks"] ?? "").lowercased() == "true",
                         timeoutSeconds: timeout, kind: Self.kind(req, path))
    }

    static func invalidListOptions(_ field: String, _ detail: String) -> APIError {
        var e = APIError.invalid(kind: "ListOptions.meta.k8s.io", name: "", field: field, detail: detail)
        e.details = "{\"group\":\"meta.k8s.io\",\"kind\":\"ListOptions\",\"causes\":[{\"reason\":\"FieldValueForbidden\",\"message\":\(JSONBytes.quote(detail)),\"field\":\(JSONBytes.quote(field))}]}"
        return e
    }

    func selectors(_ q: [String: String], _ resource: ResourceInfo) throws -> (Selector, Selector) {
        (try Selector.parseLabels(q["labelSelector"] ?? ""), try Selector.parseFields(q["fieldSelector"] ?? "", resource: resource))
    }

    static func kind(_ req: SimRequest, _ path: ResourcePath?) -> RequestKind {
        let isGetLike = req.method == "GET"
        let named = path?.name != nil
        return RequestKind(path: req.path, isWatch: isGetLike && req.isWatch && path != nil && !named,
                           isList: isGetLike && !req.isWatch && path != nil && !named,
                           isGet: isGetLike && named && path?.subresource == nil,
                           isLog: path?.subresource == "log")
    }
}
