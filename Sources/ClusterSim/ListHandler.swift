import Foundation

/// Opaque continue token contents (base64 JSON).
struct ContinueToken: Codable {
    var rv: Int
    var start: String
    var epoch: Int

    var encoded: String { (try? JSONEncoder().encode(self))?.base64EncodedString() ?? "" }

    static func decode(_ s: String) -> ContinueToken? {
        guard let data = Data(base64Encoded: s) else { return nil }
        return try? JSONDecoder().decode(ContinueToken.self, from: data)
    }
}

extension SimCore {
    /// LIST with limit/continue/selectors (kubernetes-facts §1.7). Pages after the first are read
    /// from current state after the token's key, reporting the first page's RV (approximate snapshot).
    func list(_ req: SimRequest, path: ResourcePath) throws -> Reply {
        let q = req.query
        let r = path.resource
        let (labels, fields) = try selectors(q, r)
        if q["sendInitialEvents"] != nil {
            throw Self.invalidListOptions("sendInitialEvents", "Forbidden: sendInitialEvents is forbidden for list")
        }
        let match = q["resourceVersionMatch"] ?? ""
        let rvText = q["resourceVersion"] ?? ""
        let cont = q["continue"] ?? ""
        if !match.isEmpty, !cont.isEmpty {
            throw Self.invalidListOptions("resourceVersionMatch", "Forbidden: resourceVersionMatch is forbidden when continue is provided")
        }
        if !match.isEmpty, rvText.isEmpty {
            throw Self.invalidListOptions("resourceVersionMatch", "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")
        }
        let limit = Int(q["limit"] ?? "") ?? 0
        let plan = WatchPlan(resource: r, namespace: path.namespace, labels: labels, fields: fields, startRV: nil,
                             initialEventsEnd: false, allowBookmarks: false, timeoutSeconds: 0, kind: Self.kind(req, path))
        let page = try state.withLock { s -> (items: [StoredObject], rv: Int, next: String?, remaining: Int?) in
            var startKey = ""
            var rv = s.rv
            if !cont.isEmpty {
                guard let token = ContinueToken.decode(cont) else {
                    throw APIError.badRequest("continue key is not valid: illegal base64 data at input byte 0")
                }
                // Expired by compaction → HTTP 410 (source: apiserver pkg/storage/etcd3/errors.go).
                if token.epoch != s.continueEpoch || token.rv < s.compactedRV { throw APIError.continueExpired }
                startKey = token.start
                rv = token.rv
            } else if let requested = Int(rvText), requested > s.rv {
                throw APIError.tooLargeResourceVersion(requested, current: s.rv)
            }
            let all = s.objects[r.key] ?? [:]
            let keys = SimCore.sortedKeys(&s, r.key, namespace: path.namespace, after: startKey)
            var items: [StoredObject] = []
            var next: String?
            var remaining: Int?
            for (i, key) in zip(0..., keys) {
                guard let object = all[key], plan.matches(object) else { continue }
                if limit > 0, items.count == limit {
                    next = ContinueToken(rv: rv, start: SimCore.objectKey(items.last!.namespace, items.last!.name),
                                         epoch: s.continueEpoch).encoded
                    // Omitted with selectors (source: apimachinery types.go `ListMeta.RemainingItemCount`).
                    if labels.isEmpty, fields.isEmpty { remaining = keys.count - i }
                    break
                }
                items.append(object)
            }
            return (items, rv, next, remaining)
        }
        return .json(200, Self.listBody(r, items: page.items, rv: page.rv, next: page.next, remaining: page.remaining))
    }

    /// `{"kind":"PodList",...,"metadata":{...},"items":[...]}` written from the stored bytes.
    static func listBody(_ r: ResourceInfo, items: [StoredObject], rv: Int, next: String?, remaining: Int?) -> Data {
        var body = Data("{\"kind\":\"\(r.kind)List\",\"apiVersion\":\"\(r.groupVersion)\",\"metadata\":{\"resourceVersion\":\"\(rv)\"".utf8)
        if let next { body.append(contentsOf: Array(",\"continue\":\"\(next)\"".utf8)) }
        if let remaining { body.append(contentsOf: Array(",\"remainingItemCount\":\(remaining)".utf8)) }
        body.append(contentsOf: Array("},\"items\":[".utf8))
        body.reserveCapacity(body.count + items.reduce(0) { $0 + $1.data.count + 1 } + 2)
        for (i, item) in items.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            body.append(r.builtIn ? ObjectNormalizer.withoutTypeMeta(item.data) : item.data)
        }
        body.append(contentsOf: Array("]}".utf8))
        return body
    }
}
