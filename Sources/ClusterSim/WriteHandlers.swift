import Foundation

extension SimCore {
    /// Decodes a request body as a JSON object.
    static func jsonObject(_ data: Data) throws -> [String: Any] {
        guard let obj = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw APIError.badRequest("the body of the request could not be decoded as a JSON object")
        }
        return obj
    }

    static func metadata(_ obj: [String: Any]) -> [String: Any] { obj["metadata"] as? [String: Any] ?? [:] }

    /// POST: 201 Created, or 409 AlreadyExists.
    func create(_ req: SimRequest, path: ResourcePath) throws -> Reply {
        let r = path.resource
        let obj = try Self.jsonObject(req.body)
        let meta = Self.metadata(obj)
        var name = meta["name"] as? String ?? ""
        if name.isEmpty, let prefix = meta["generateName"] as? String {
            name = prefix + String((0..<5).map { _ in "bcdfghjklmnpqrstvwxz2456789".randomElement()! })
        }
        guard !name.isEmpty else {
            throw APIError.invalid(kind: r.kind, name: "", field: "metadata.name", detail: "Required value: name or generateName is required")
        }
        if let ns = meta["namespace"] as? String, let pathNS = path.namespace, ns != pathNS {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        if r.plural == "events" { try Self.validateLegacyEvent(obj, namespace: path.namespace ?? "", name: name) }
        let body = try Self.withName(obj, name: name)
        let created = try state.withLock { s -> (StoredObject, [WatchSubscriber]) in
            if s.objects[r.key]?[Self.objectKey(r.namespaced ? path.namespace : nil, name)] != nil {
                throw APIError.alreadyExists(r, name)
            }
            let o = try Self.putLocked(&s, r, namespace: path.namespace, name: name, json: body)
            return (o, Array(s.watchers.values))
        }
        created.1.forEach { $0.notify() }
        return .json(201, created.0.data)
    }

    /// Legacy core/v1 Event checks when `eventTime` is unset (source: pkg/apis/core/validation/events.go
    /// `legacyValidateEvent`).
    static func validateLegacyEvent(_ obj: [String: Any], namespace: String, name: String) throws {
        guard obj["eventTime"] == nil || obj["eventTime"] is NSNull else { return }
        let involved = obj["involvedObject"] as? [String: Any] ?? [:]
        let ns = involved["namespace"] as? String ?? ""
        if !ns.isEmpty, ns != namespace {
            throw APIError.invalid(kind: "Event", name: name, field: "involvedObject.namespace",
                                   detail: "Invalid value: \(JSONBytes.goQuote(ns)): does not match event.namespace")
        }
    }

    static func withName(_ obj: [String: Any], name: String) throws -> Data {
        var obj = obj
        var meta = metadata(obj)
        meta["name"] = name
        obj["metadata"] = meta
        return try JSONSerialization.data(withJSONObject: obj, options: [.withoutEscapingSlashes])
    }

    /// PUT with optimistic concurrency: a stale metadata.resourceVersion → 409 Conflict.
    func update(_ req: SimRequest, path: ResourcePath) throws -> Reply {
        let r = path.resource
        guard let name = path.name else { throw APIError.methodNotAllowed() }
        let obj = try Self.jsonObject(req.body)
        let sentRV = Self.metadata(obj)["resourceVersion"] as? String
        let body = try Self.withName(obj, name: name)
        let updated = try state.withLock { s -> (StoredObject, [WatchSubscriber]) in
            guard let existing = s.objects[r.key]?[Self.objectKey(r.namespaced ? path.namespace : nil, name)] else {
                throw APIError.notFound(r, name)
            }
            if let sentRV, !sentRV.isEmpty, sentRV != "\(existing.resourceVersion)" { throw APIError.conflict(r, name) }
            let o = try Self.putLocked(&s, r, namespace: path.namespace, name: name, json: body)
            return (o, Array(s.watchers.values))
        }
        updated.1.forEach { $0.notify() }
        return .json(200, updated.0.data)
    }

    /// PATCH: merge, strategic-merge (built-ins only; CRDs → 415) and JSON patch.
    func patch(_ req: SimRequest, path: ResourcePath) throws -> Reply {
        let r = path.resource
        guard let name = path.name else { throw APIError.methodNotAllowed() }
        let type = (req.contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        // CRDs offer only JSON patch, merge patch and apply (source: apiextensions-apiserver
        // customresource_handler.go `supportedTypes`).
        var accepted = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
        if r.builtIn { accepted.append("application/strategic-merge-patch+json") }
        guard accepted.contains(type), type != "application/apply-patch+yaml" else { throw APIError.unsupportedMediaType(accepted) }
        let updated = try state.withLock { s -> (StoredObject, [WatchSubscriber]) in
            guard let existing = s.objects[r.key]?[Self.objectKey(r.namespaced ? path.namespace : nil, name)] else {
                throw APIError.notFound(r, name)
            }
            let current = try Self.jsonObject(existing.data)
            let patched = try JSONPatcher.apply(type: type, patch: req.body, to: current)
            if let sent = Self.metadata(patched)["resourceVersion"] as? String, sent != "\(existing.resourceVersion)" {
                throw APIError.conflict(r, name)
            }
            let data = try JSONSerialization.data(withJSONObject: patched, options: [.withoutEscapingSlashes])
            let o = try Self.putLocked(&s, r, namespace: path.namespace, name: name, json: data)
            return (o, Array(s.watchers.values))
        }
        updated.1.forEach { $0.notify() }
        return .json(200, updated.0.data)
    }
}
