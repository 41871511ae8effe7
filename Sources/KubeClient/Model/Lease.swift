import Foundation

/// coordination.k8s.io/v1 Lease (kubernetes-facts §7).
public struct Lease: Codable, Hashable, Sendable {
    public var apiVersion: String = "coordination.k8s.io/v1"
    public var kind: String = "Lease"
    public var metadata: ObjectMeta
    public var spec: LeaseSpec

    public init(metadata: ObjectMeta, spec: LeaseSpec) {
        self.metadata = metadata
        self.spec = spec
    }
}

/// coordination/v1 LeaseSpec. Times are metav1.MicroTime strings with exactly six fractional
/// digits (apimachinery `micro_time.go` `RFC3339Micro`); use `Lease.microTime(_:)`.
public struct LeaseSpec: Codable, Hashable, Sendable {
    public var holderIdentity: String?
    public var leaseDurationSeconds: Int?
    public var acquireTime: String?
    public var renewTime: String?
    public var leaseTransitions: Int?

    public init(holderIdentity: String? = nil, leaseDurationSeconds: Int? = nil, acquireTime: String? = nil,
                renewTime: String? = nil, leaseTransitions: Int? = nil) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }
}

extension Lease {
    /// Formats a date as metav1.MicroTime: `2006-01-02T15:04:05.000000Z` (always six digits).
    public static func microTime(_ date: Date) -> String {
        let whole = floor(date.timeIntervalSince1970)
        var micros = Int(((date.timeIntervalSince1970 - whole) * 1_000_000).rounded())
        var seconds = whole
        if micros >= 1_000_000 { micros -= 1_000_000; seconds += 1 }
        let base = CoreEvent.kubeTime(Date(timeIntervalSince1970: seconds)).dropLast()  // drop "Z"
        let fraction = String(micros).leftPadded(to: 6)
        return "\(base).\(fraction)Z"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
