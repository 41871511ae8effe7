import Diagnosis

/// A pod as the watch reads it: name, namespace, uid, owner and status — never the spec, labels or
/// managedFields, which the decoder skips without building them. Restart detection needs nothing
/// more; a diagnosis GETs the whole pod (issue #6: decode only what is read).
struct WatchedPod: Decodable, Sendable {
    var pod: Pod

    private enum Keys: String, CodingKey { case metadata, status }
    private enum MetaKeys: String, CodingKey { case name, namespace, uid, ownerReferences }
    private enum StatusKeys: String, CodingKey { case phase, reason, containerStatuses, initContainerStatuses }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        var meta = ObjectMeta()
        if c.contains(.metadata) {
            let m = try c.nestedContainer(keyedBy: MetaKeys.self, forKey: .metadata)
            meta.name = try m.decodeIfPresent(String.self, forKey: .name)
            meta.namespace = try m.decodeIfPresent(String.self, forKey: .namespace)
            meta.uid = try m.decodeIfPresent(String.self, forKey: .uid)
            // Only the controller reference is kept (the owner walk starts from it).
            meta.ownerReferences = try m.decodeIfPresent([OwnerReference].self, forKey: .ownerReferences)?
                .filter { $0.controller == true }
        }
        var status: PodStatus?
        if c.contains(.status), (try? c.decodeNil(forKey: .status)) == false {
            let s = try c.nestedContainer(keyedBy: StatusKeys.self, forKey: .status)
            status = PodStatus(phase: try s.decodeIfPresent(String.self, forKey: .phase),
                               reason: try s.decodeIfPresent(String.self, forKey: .reason),
                               containerStatuses: try s.decodeIfPresent([ContainerStatus].self, forKey: .containerStatuses),
                               initContainerStatuses: try s.decodeIfPresent([ContainerStatus].self, forKey: .initContainerStatuses))
        }
        pod = Pod(metadata: meta, spec: nil, status: status)
    }
}
