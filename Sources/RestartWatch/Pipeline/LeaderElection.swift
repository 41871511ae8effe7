import Foundation
import KubeClient
import Logging

/// Leader election on a coordination.k8s.io Lease, as client-go's `leaderelection` package does it
/// (kubernetes-facts §7): several replicas run, one leads (watches and notifies), the others stand by.
///
/// "Expired" is judged with the local clock — time since this replica last *observed a change* of the
/// record — never by comparing the record's renewTime with local time (clock-skew safe, client-go
/// `tryAcquireOrRenew`). Writes carry the resourceVersion read, so two candidates never both win (409).
actor LeaderElector {
    struct Settings: Sendable {
        var namespace: String
        var name: String
        var identity: String
        var leaseDuration: Double
        var renewDeadline: Double
        var retryPeriod: Double
    }

    private let api: any KubeAPI
    private let settings: Settings
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// The record last seen and when (local clock) it last changed.
    private var observed: LeaseSpec?
    private var observedAt: Date = .distantPast
    private(set) var isLeader = false

    init(api: any KubeAPI, settings: Settings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.api = api
        self.settings = settings
        self.logger = logger
        self.now = now
    }

    /// Returns once this replica leads. Between attempts it waits retryPeriod × [1, 2.2) (client-go's
    /// JitterFactor 1.2).
    func acquire() async throws {
        while !(try await tryAcquireOrRenew()) {
            try await Task.sleep(for: .seconds(settings.retryPeriod * (1 + 1.2 * Double.random(in: 0..<1))))
        }
        logger.notice("became leader", metadata: ["lease": "\(settings.namespace)/\(settings.name)", "identity": "\(settings.identity)"])
    }

    /// Renews every retryPeriod; returns when a renewal has not succeeded within renewDeadline (leadership lost).
    func holdLeadership() async {
        var lastRenew = now()
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(settings.retryPeriod))
            if Task.isCancelled { return }
            if (try? await tryAcquireOrRenew()) == true {
                lastRenew = now()
            } else if now().timeIntervalSince(lastRenew) > settings.renewDeadline {
                isLeader = false
                logger.error("lost leadership: no renewal within \(settings.renewDeadline) s")
                return
            }
        }
    }

    /// One attempt: create the Lease, renew it, or take it over once the holder stopped renewing.
    func tryAcquireOrRenew() async throws -> Bool {
        let t = now()
        let stamp = Lease.microTime(t)
        guard let current = try await api.getLease(namespace: settings.namespace, name: settings.name) else {
            let lease = Lease(metadata: ObjectMeta(name: settings.name, namespace: settings.namespace),
                              spec: LeaseSpec(holderIdentity: settings.identity, leaseDurationSeconds: Int(settings.leaseDuration),
                                              acquireTime: stamp, renewTime: stamp, leaseTransitions: 0))
            return record(try await api.createLease(lease), at: t)
        }
        if current.spec != observed {
            observed = current.spec
            observedAt = t
        }
        let holder = current.spec.holderIdentity ?? ""
        let duration = Double(current.spec.leaseDurationSeconds ?? Int(settings.leaseDuration))
        if !holder.isEmpty, holder != settings.identity, t.timeIntervalSince(observedAt) < duration {
            isLeader = false
            return false
        }
        var next = current
        next.spec.holderIdentity = settings.identity
        next.spec.leaseDurationSeconds = Int(settings.leaseDuration)
        next.spec.renewTime = stamp
        if holder != settings.identity {
            next.spec.acquireTime = stamp
            next.spec.leaseTransitions = (current.spec.leaseTransitions ?? 0) + 1
        }
        return record(try await api.updateLease(next), at: t)
    }

    private func record(_ result: LeaseWriteResult, at t: Date) -> Bool {
        switch result {
        case .written(let lease):
            observed = lease.spec
            observedAt = t
            isLeader = true
            return true
        case .conflict:
            isLeader = false
            return false
        }
    }

    /// On shutdown: give the Lease up at once so a standby takes over without waiting for expiry
    /// (client-go `ReleaseOnCancel`).
    func release() async {
        guard isLeader, let lease = try? await api.getLease(namespace: settings.namespace, name: settings.name),
              lease.spec.holderIdentity == settings.identity else { return }
        var next = lease
        next.spec.holderIdentity = ""
        next.spec.leaseDurationSeconds = 1
        next.spec.renewTime = Lease.microTime(now())
        _ = try? await api.updateLease(next)
        isLeader = false
    }
}
