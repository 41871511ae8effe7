import Diagnosis

/// Posts the diagnosis as a core/v1 Event on the pod, so `kubectl describe pod` and every event
/// pipeline the cluster already has show it (type Warning, reportingComponent `restartwatch`).
struct KubernetesEventNotifier: Notifier {
    let name = "event"
    let api: any ClusterAPI

    func deliver(_ n: Notification) async throws {
        let f = n.incident.finding
        let pod = n.incident.pods.last ?? f.pod
        // `kubectl describe pod` selects events by involvedObject uid too: look the uid up.
        let uid = try? await api.pod(namespace: f.namespace, name: pod)?.metadata.uid
        let event = NewEvent(namespace: f.namespace, podName: pod, podUID: uid ?? nil, container: f.container,
                             type: n.kind == .resolved ? "Normal" : "Warning",
                             reason: KubernetesEventNotifier.reason(for: f, resolved: n.kind == .resolved),
                             message: KubernetesEventNotifier.message(n), time: n.incident.updatedAt)
        do {
            try await api.createEvent(event)
        } catch {
            // 403/404/422 will not get better by retrying; connection problems will.
            let text = "\(error)"
            if text.contains("403") || text.contains("404") || text.contains("422") || text.contains("forbidden") {
                throw DeliveryError.permanent(text)
            }
            throw DeliveryError.transient(text)
        }
    }

    /// A CamelCase reason per cause (Event reasons are short machine-readable words, ≤128 chars).
    static func reason(for f: Finding, resolved: Bool) -> String {
        if resolved { return "RestartLoopResolved" }
        switch f.cause {
        case .probeKillDuringDownload: return "ProbeKillDuringDownload"
        case .probeKillDuringLoad: return "ProbeKillDuringStartup"
        case .probeKillAfterReady: return "LivenessKillAfterReady"
        case .oomKilled: return "RestartCauseOOMKilled"
        case .crash: return "RestartCauseCrash"
        case .imagePull: return "RestartCauseImagePull"
        case .evicted: return "RestartCauseEvicted"
        case .notReady: return "NotReady"
        case .other: return "ProbeMisconfigured"
        case .insufficientEvidence: return "RestartCauseUndetermined"
        }
    }

    /// One readable paragraph that fits `kubectl describe` (the API limits messages to 1024 chars).
    static func message(_ n: Notification) -> String {
        let f = n.incident.finding
        if n.kind == .resolved {
            return "restartwatch: container \(f.container) has been ready since \(n.incident.readySince?.description ?? "now"); \(f.cause.rawValue) incident resolved"
        }
        var m = "restartwatch: \(f.summary)"
        if let r = f.remediation, let s = r.startupProbe {
            m += " Fix: add a startupProbe with periodSeconds \(s.periodSeconds) and failureThreshold \(s.failureThreshold) (\(s.budgetSeconds) s, need ≈ \(r.needSeconds) s)"
            if let p = r.patch { m += " to \(p.target.kind)/\(p.target.name)" }
            m += "."
            if r.persistentCacheNeeded { m += " The model cache is lost at every restart: mount a PersistentVolumeClaim at the cache path too." }
        }
        if m.count > 1000 { m = String(m.prefix(999)) + "…" }
        return m
    }
}
