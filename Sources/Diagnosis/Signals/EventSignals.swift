/// What a probe's failure output says (the text after `… probe failed: `).
public enum ProbeOutput: Sendable, Hashable {
    /// Nothing listens yet: `connect: connection refused` (HTTP and TCP probes).
    case connectionRefused
    /// The endpoint did not answer in `timeoutSeconds`: `context deadline exceeded`, `i/o timeout`,
    /// `Client.Timeout exceeded`, exec `command timed out`.
    case timeout
    /// The server answered with a non-2xx/3xx status (`HTTP probe failed with statuscode: 404`).
    case httpStatus(Int)
    /// The probe itself errored (`… probe errored: …`, 1.33+ `… probe errored and resulted in … state: …`).
    case errored(String)
    /// Anything else: exec output, gRPC text, an empty output.
    case other(String)

    /// True for a counted failure that fits a server not answering in time (refused, timeout, 5xx, other
    /// output). Not for 4xx (the server is up) nor for probe errors, whose result the prober throws away
    /// (worker.go; 1.33+ "errored and resulted in unknown state").
    public var isSlowServerSymptom: Bool {
        switch self {
        case .errored: return false
        case .httpStatus(let code): return !(400..<500).contains(code)
        default: return true
        }
    }

    /// True when the server answered: it is up, and the probe points at the wrong path or lacks auth.
    public var isClientError: Bool {
        if case .httpStatus(let code) = self { return (400..<500).contains(code) }
        return false
    }
}

/// Why the kubelet stopped a container, from a `Killing` event.
public enum KillReason: Sendable, Hashable {
    /// `Container X failed liveness|startup probe[, will be restarted]`.
    case probe(ProbeKind, willRestart: Bool)
    /// `Container X definition changed, will be restarted`.
    case definitionChanged
    /// `Stopping container X` (pod deletion, eviction, preemption).
    case stopping
    case other
}

/// The meaning of one kubelet (or controller) event, independent of kubelet version wording.
public enum EventSignal: Sendable, Hashable {
    case unhealthy(ProbeKind, ProbeOutput)
    case probeWarning
    case killing(KillReason)
    /// `Back-off restarting failed container` — a crash loop (the container exited, for any reason).
    case crashLoopBackOff
    /// `Back-off pulling image "…"`.
    case imagePullBackOff
    /// `Failed to pull image …`, `Error: ErrImagePull`, `Error: ImagePullBackOff`, `InvalidImageName`, `ErrImageNeverPull`.
    case imagePullFailed
    /// A create/start failure (`Error: failed to create containerd task …`, `RunContainerError`, config errors).
    case startFailed
    case pulling, pulled, created, started
    case evicted
    /// Node-level `OOMKilling` (the kernel OOM killer on the node, kubelet oom watcher).
    case nodeOOMKilling
    case failedMount
    case failedScheduling
    /// LeaderWorkerSet `RecreateGroup`: a group was recreated after a pod restarted (kubernetes-facts §8.2).
    case recreateGroup
    case other
}

/// A core/v1 Event with its classification.
public struct ClassifiedEvent: Sendable, Hashable {
    public var event: EventRecord
    public var signal: EventSignal
    public init(_ event: EventRecord) {
        self.event = event
        self.signal = EventSignals.classify(event)
    }
}

/// Classifies kubelet events by reason and message, accepting every wording listed in kubernetes-facts §3.4.
///
/// Why messages as well as reasons: pasted `kubectl describe` tables and some dumps lose the reason
/// column, and the same reason (`BackOff`, `Failed`) covers unrelated situations.
public enum EventSignals {
    public static func classify(_ e: EventRecord) -> EventSignal {
        let message = text(of: e.message ?? "")
        switch e.reason ?? "" {
        case "Unhealthy": return unhealthy(message) ?? .other
        case "ProbeWarning": return .probeWarning
        case "Killing": return .killing(killReason(message))
        case "BackOff": return backOff(message)
        case "Failed", "InspectFailed", "ErrImageNeverPull": return failed(message)
        case "Pulling": return .pulling
        case "Pulled": return .pulled
        case "Created": return .created
        case "Started": return .started
        case "Evicted": return .evicted
        case "OOMKilling": return .nodeOOMKilling
        case "FailedMount", "FailedAttachVolume": return .failedMount
        case "FailedScheduling": return .failedScheduling
        case "RecreateGroup": return .recreateGroup
        default: return classifyByMessage(message)
        }
    }

    /// Classification when the reason is missing or unknown: recognise the kubelet's own message shapes.
    static func classifyByMessage(_ message: String) -> EventSignal {
        if let u = unhealthy(message) { return u }
        if message.hasPrefix("Back-off ") { return backOff(message) }
        if message.hasPrefix("Container "), message.contains(" failed ") && message.contains(" probe") {
            return .killing(killReason(message))
        }
        if message.hasPrefix("Stopping container ") { return .killing(.stopping) }
        if message.hasPrefix("Failed to pull image") || message.hasPrefix("Error: ") { return failed(message) }
        if message.hasPrefix("Pulling image ") { return .pulling }
        if message.hasPrefix("Successfully pulled image ") || message.contains("already present on machine") { return .pulled }
        if message.hasPrefix("Created container") || message == "Container created" { return .created }
        if message.hasPrefix("Started container") || message == "Container started" { return .started }
        if message.hasPrefix("The node was low on resource") { return .evicted }
        return .other
    }

    /// `Liveness probe failed: …`, `Startup probe errored: …`, `Readiness probe errored and resulted in unknown state: …`.
    static func unhealthy(_ message: String) -> EventSignal? {
        let kinds: [(String, ProbeKind)] = [("Liveness", .liveness), ("Readiness", .readiness), ("Startup", .startup)]
        for (word, kind) in kinds {
            if let rest = after(message, prefix: "\(word) probe failed:") { return .unhealthy(kind, output(rest)) }
            // ≤1.32 `%s probe errored: %v`; 1.33+ `%s probe errored and resulted in %s state: %s` (PR #125901).
            if message.hasPrefix("\(word) probe errored") {
                let detail = (message.range(of: ": ").map { String(message[$0.upperBound...]) } ?? "")
                    .trimmingCharacters(in: .whitespaces)
                // 1.33+: an error that "resulted in failure state" is counted as a failure by the prober.
                if message.contains("resulted in failure state") { return .unhealthy(kind, output(detail)) }
                return .unhealthy(kind, .errored(detail))
            }
        }
        return nil
    }

    /// Classifies the probe output part of an `Unhealthy` message.
    public static func output(_ raw: String) -> ProbeOutput {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = text.lowercased()
        // pkg/probe/http/http.go: "HTTP probe failed with statuscode: %d".
        if let code = after(text, prefix: "HTTP probe failed with statuscode:").flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            return .httpStatus(code)
        }
        if lower.contains("connection refused") { return .connectionRefused }
        let timeouts = ["context deadline exceeded", "client.timeout exceeded", "i/o timeout", "timed out", "timeout:"]
        if timeouts.contains(where: lower.contains) { return .timeout }
        return .other(text)
    }

    static func killReason(_ message: String) -> KillReason {
        // kuberuntime_manager.go computePodActions: "Container %s failed liveness probe, will be restarted".
        if message.contains("failed liveness probe") {
            return .probe(.liveness, willRestart: message.contains("will be restarted"))
        }
        if message.contains("failed startup probe") {
            return .probe(.startup, willRestart: message.contains("will be restarted"))
        }
        if message.contains("definition changed") { return .definitionChanged }
        if message.hasPrefix("Stopping container") { return .stopping }
        return .other
    }

    /// `BackOff` covers both crash loops and image pulls (pkg/kubelet/events/event.go).
    static func backOff(_ message: String) -> EventSignal {
        if message.hasPrefix("Back-off pulling image") { return .imagePullBackOff }
        if message.hasPrefix("Back-off restarting failed container") { return .crashLoopBackOff }
        return .other
    }

    static func failed(_ message: String) -> EventSignal {
        let pullMarkers = ["Failed to pull image", "ErrImagePull", "ImagePullBackOff", "InvalidImageName",
                           "ErrImageNeverPull", "pull access denied", "insufficient_scope"]
        if pullMarkers.contains(where: message.contains) { return .imagePullFailed }
        if message.hasPrefix("Error: ") { return .startFailed }
        return .other
    }

    /// The container a pod-level event names in its message (`Back-off restarting failed container X in pod …`,
    /// `Container X failed liveness probe`, `Created container: X`, `Stopping container X`), if any.
    public static func containerNamed(in raw: String) -> String? {
        let message = text(of: raw)
        let prefixes = ["Back-off restarting failed container ", "Container ", "Created container: ", "Created container ",
                        "Started container ", "Stopping container ", "Killing container "]
        for p in prefixes {
            guard let rest = after(message, prefix: p) else { continue }
            let name = rest.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
            if let name, !name.isEmpty, name != "image", name != "created", name != "started" { return name }
        }
        return nil
    }

    /// The message without the aggregator's prefix: once 10 similar messages arrive within 10 minutes the
    /// recorder folds them into `(combined from similar events): <latest>` (client-go tools/record/events_cache.go).
    /// Also drops a `spec.containers{NAME}: ` prefix that recent `kubectl describe` renders from fieldPath
    /// (kubernetes-facts §3.4), in case a converted table kept it.
    public static func text(of message: String) -> String {
        var m = Substring(message)
        let prefix = "(combined from similar events): "
        if m.hasPrefix(prefix) { m = m.dropFirst(prefix.count) }
        if m.hasPrefix("spec."), let close = m.range(of: "}: ") { m = m[close.upperBound...] }
        return String(m)
    }

    static func after(_ text: String, prefix: String) -> String? {
        guard text.hasPrefix(prefix) else { return nil }
        return String(text.dropFirst(prefix.count))
    }
}
