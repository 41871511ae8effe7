/// `image-pull`: the kubelet cannot pull the image, so the container never ran.
public struct ImagePullRule: DiagnosisRule {
    public let id = "image-pull"
    /// Waiting reasons set by the image manager (pkg/kubelet/images/types.go).
    static let reasons: Set<String> = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"]
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        let pullEvents = c.events(where: { $0 == .imagePullFailed || $0 == .imagePullBackOff })
        let waiting = c.waitingReason.map(Self.reasons.contains) ?? false
        // A pull that failed once but later succeeded does not explain a container that has run since.
        let ranSince = c.status?.state?.running != nil || !c.runs.isEmpty
        guard waiting || (!pullEvents.isEmpty && !ranSince) else { return nil }
        var facts = Facts.status(c)
        facts += Facts.events(pullEvents)
        if let image = c.spec?.image { facts.append(Fact(.spec, "image \(image)")) }
        return Verdict(cause: .imagePull, confidence: .high, facts: facts, rule: id,
                       summary: "The image cannot be pulled; the container never started (check the image name and registry credentials).")
    }
}
