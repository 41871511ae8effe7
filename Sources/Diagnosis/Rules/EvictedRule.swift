/// `evicted`: the kubelet evicted the pod under node pressure (pod `status.reason: Evicted`, eviction_manager.go).
public struct EvictedRule: DiagnosisRule {
    public let id = "evicted"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        let evictions = c.podEvents.filter { $0.signal == .evicted }
        guard c.pod.status?.reason == "Evicted" || !evictions.isEmpty else { return nil }
        var facts: [Fact] = []
        if let m = c.pod.status?.message { facts.append(Fact(.status, "pod evicted: \(m)")) }
        facts += Facts.events(evictions)
        return Verdict(cause: .evicted, confidence: .high, facts: facts, rule: id,
                       summary: "The pod was evicted by the kubelet under node resource pressure.")
    }
}
