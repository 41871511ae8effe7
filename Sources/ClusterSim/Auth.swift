import Foundation

/// An authenticated caller.
struct Identity: Sendable {
    var user: String
    var groups: [String]
}

extension SimCore {
    /// Authentication is on when tokens were configured (at start or later) or explicitly required.
    var authenticationEnabled: Bool {
        !options.tokens.isEmpty || options.requireAuthentication || options.trustFrontProxyHeaders
            || !state.withLock { $0.tokens.isEmpty }
    }

    /// Bearer token or trusted front-proxy headers; nil when authentication is off and none given.
    /// Front-proxy trust mirrors kube-apiserver's requestheader authenticator
    /// (source: apiserver pkg/authentication/request/headerrequest/requestheader.go).
    func authenticate(_ req: SimRequest) throws -> Identity? {
        if options.trustFrontProxyHeaders, let user = req.headers.first(name: "X-Remote-User"), !user.isEmpty {
            let groups = req.headers["X-Remote-Group"].flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return Identity(user: user, groups: groups + ["system:authenticated"])
        }
        if let auth = req.headers.first(name: "Authorization"), auth.lowercased().hasPrefix("bearer ") {
            let token = String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            if let user = state.withLock({ $0.tokens[token] }) { return Identity(user: user, groups: ["system:authenticated"]) }
            // An invalid token is rejected even if anonymous access would be allowed
            // (source: apiserver pkg/endpoints/filters/authentication.go).
            if authenticationEnabled { throw APIError.unauthorized }
        }
        if authenticationEnabled { throw APIError.unauthorized }
        return nil
    }

    /// 403 with the exact Forbidden message (source: apiserver pkg/endpoints/handlers/responsewriters/errors.go
    /// `forbiddenMessage`; kubernetes-facts §6.2).
    func authorize(_ identity: Identity?, verb: String, path: ResourcePath) throws {
        guard let authorizer = state.withLock({ $0.authorizer }) else { return }
        let user = identity?.user ?? "system:anonymous"
        let attrs = RequestAttributes(user: user, groups: identity?.groups ?? ["system:unauthenticated"], verb: verb,
                                      apiGroup: path.resource.group, resource: path.resource.plural,
                                      subresource: path.subresource ?? "", namespace: path.namespace ?? "",
                                      name: path.name ?? "")
        if authorizer(attrs) { return }
        var resource = path.resource.plural
        if let sub = path.subresource { resource += "/\(sub)" }
        var subject = path.resource.qualifiedName
        if let name = path.name { subject += " \(JSONBytes.goQuote(name))" }
        var sentence = "User \(JSONBytes.goQuote(user)) cannot \(verb) resource \(JSONBytes.goQuote(resource)) in API group \(JSONBytes.goQuote(path.resource.group))"
        if let ns = path.namespace {
            sentence += " in the namespace \(JSONBytes.goQuote(ns))"
        } else {
            sentence += " at the cluster scope"
        }
        throw APIError(code: 403, reason: "Forbidden", message: "\(subject) is forbidden: \(sentence)",
                       details: APIError.detailsJSON(name: path.name, group: path.resource.group, kind: path.resource.plural))
    }
}
