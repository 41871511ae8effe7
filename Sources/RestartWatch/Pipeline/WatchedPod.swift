import Diagnosis
import KubeClient

/// A pod as the watch and the scan's list read it: name, namespace, uid, the controller
/// reference and the status — never the spec, labels or managedFields, which the scanner skips
/// without building them. Restart detection needs nothing more; a diagnosis GETs the whole pod
/// (issue #6: decode only what is read).
struct WatchedPod: JSONScannable, Equatable {
    var pod = Pod(metadata: Diagnosis.ObjectMeta())

    mutating func scanField(_ key: JSONKey, _ s: inout JSONScanner) throws -> Bool {
        guard case "status" = key else { return false }
        pod.status = try PodStatus.scanSlim(&s)
        return true
    }

    mutating func scanMetadataField(_ key: JSONKey, _ s: inout JSONScanner) throws -> Bool {
        guard case "ownerReferences" = key else { return false }
        // Only the controller reference is kept (the owner walk starts from it).
        let controllers = try s.readArray(Diagnosis.OwnerReference.scan).filter { $0.controller == true }
        pod.metadata.ownerReferences = controllers.isEmpty ? nil : controllers
        return true
    }

    mutating func finish(header: ObjectHeader) {
        pod.metadata.name = header.name.isEmpty ? nil : header.name
        pod.metadata.namespace = header.namespace
        pod.metadata.uid = header.uid
    }
}

extension Diagnosis.OwnerReference {
    static func scan(_ s: inout JSONScanner) throws -> Diagnosis.OwnerReference {
        var ref = Diagnosis.OwnerReference(kind: "", name: "")
        guard try s.beginObject() else { return ref }
        while let key = try s.nextKey() {
            switch key {
            case "apiVersion": ref.apiVersion = try s.readString()
            case "kind": ref.kind = try s.readString() ?? ""
            case "name": ref.name = try s.readString() ?? ""
            case "uid": ref.uid = try s.readString()
            case "controller": ref.controller = try s.readBool()
            default: try s.skipValue()
            }
        }
        return ref
    }
}

extension PodStatus {
    /// phase, reason and the container statuses; conditions, IPs and messages are skipped.
    static func scanSlim(_ s: inout JSONScanner) throws -> PodStatus? {
        guard try s.beginObject() else { return nil }
        var status = PodStatus()
        while let key = try s.nextKey() {
            switch key {
            case "phase": status.phase = try s.readString()
            case "reason": status.reason = try s.readString()
            case "containerStatuses": status.containerStatuses = try s.beginArrayOrNil(ContainerStatus.scan)
            case "initContainerStatuses": status.initContainerStatuses = try s.beginArrayOrNil(ContainerStatus.scan)
            default: try s.skipValue()
            }
        }
        return status
    }
}

extension ContainerStatus {
    static func scan(_ s: inout JSONScanner) throws -> ContainerStatus {
        var status = ContainerStatus(name: "")
        guard try s.beginObject() else { return status }
        while let key = try s.nextKey() {
            switch key {
            case "name": status.name = try s.readString() ?? ""
            case "ready": status.ready = try s.readBool()
            case "started": status.started = try s.readBool()
            case "restartCount": status.restartCount = try s.readInt()
            case "state": status.state = try ContainerState.scan(&s)
            case "lastState": status.lastState = try ContainerState.scan(&s)
            default: try s.skipValue()  // image, imageID, containerID, resources… are not read by the watch
            }
        }
        return status
    }
}

extension ContainerState {
    /// A state; `{}` (no state yet) stays an empty state, as JSONDecoder reads it.
    static func scan(_ s: inout JSONScanner) throws -> ContainerState? {
        guard try s.beginObject() else { return nil }
        var state = ContainerState()
        while let key = try s.nextKey() {
            switch key {
            case "waiting":
                guard try s.beginObject() else { continue }
                var w = Waiting()
                while let k = try s.nextKey() {
                    switch k {
                    case "reason": w.reason = try s.readString()
                    case "message": w.message = try s.readString()
                    default: try s.skipValue()
                    }
                }
                state.waiting = w
            case "running":
                guard try s.beginObject() else { continue }
                var r = Running()
                while let k = try s.nextKey() {
                    if case "startedAt" = k { r.startedAt = try s.readTime() } else { try s.skipValue() }
                }
                state.running = r
            case "terminated":
                guard try s.beginObject() else { continue }
                var t = Terminated()
                while let k = try s.nextKey() {
                    switch k {
                    case "exitCode": t.exitCode = try s.readInt()
                    case "signal": t.signal = try s.readInt()
                    case "reason": t.reason = try s.readString()
                    case "message": t.message = try s.readString()
                    case "startedAt": t.startedAt = try s.readTime()
                    case "finishedAt": t.finishedAt = try s.readTime()
                    case "containerID": t.containerID = try s.readString()
                    default: try s.skipValue()
                    }
                }
                state.terminated = t
            default: try s.skipValue()
            }
        }
        return state
    }
}

extension JSONScanner {
    /// A timestamp; nil for `null` or a value that is not RFC 3339 (dropped, not fatal).
    mutating func readTime() throws -> KubeTime? {
        guard let raw = try readRawString() else { return nil }
        return KubeTime(utf8: raw)
    }

    /// An array read element by element, nil for `null` (as JSONDecoder's decodeIfPresent gives).
    mutating func beginArrayOrNil<E>(_ element: (inout JSONScanner) throws -> E) throws -> [E]? {
        if try skipNull() { return nil }
        return try readArray(element)
    }
}
