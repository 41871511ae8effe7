import Foundation

/// Which probe a worker runs; the label is the one kubelet puts in `Unhealthy` texts (`probeType.String`).
enum ProbeKind: Int, Sendable, Hashable, CaseIterable {
    case startup, liveness, readiness

    var label: String {
        switch self {
        case .startup: return "Startup"
        case .liveness: return "Liveness"
        case .readiness: return "Readiness"
        }
    }
}

/// One kubelet probe worker: a ticker with period P anchored when the pod was added to the kubelet
/// (why: `pkg/kubelet/prober/worker.go` `run` probes once at once, then every `periodSeconds`; the worker
/// lives as long as the pod, so its phase relative to each container start differs).
struct ProbeWorker: Sendable {
    let kind: ProbeKind
    let spec: ProbeSpec
    let anchor: Date

    var period: Double { Double(max(1, spec.periodSeconds)) }

    /// The first tick at or after `time`.
    func tick(atOrAfter time: Date) -> Date {
        let elapsed = time.timeIntervalSince(anchor)
        if elapsed <= 0 { return anchor }
        let k = (elapsed / period).rounded(.up)
        return anchor.addingTimeInterval(k * period)
    }

    /// The probe output for a failing health endpoint at `ip` (Go net/http error strings, kubernetes-facts §3.4).
    func failureOutput(_ health: InstancePlan.Health, ip: String) -> String {
        switch spec.handler {
        case .httpGet(let path, let port):
            let url = "http://\(ip):\(port)\(path)"
            if health == .timesOut {
                return "Get \"\(url)\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
            }
            return "Get \"\(url)\": dial tcp \(ip):\(port): connect: connection refused"
        case .tcpSocket(let port):
            return health == .timesOut ? "dial tcp \(ip):\(port): i/o timeout"
                : "dial tcp \(ip):\(port): connect: connection refused"
        }
    }

    /// Grace period for a kill by this probe: probe-level value, else the pod's, at least 2 s
    /// (why: `kuberuntime_container.go` `killContainer`, `minimumGracePeriodInSeconds = 2`).
    func gracePeriod(podGrace: Int) -> Double {
        Double(max(2, spec.terminationGracePeriodSeconds ?? podGrace))
    }
}
