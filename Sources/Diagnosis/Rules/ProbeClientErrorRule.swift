/// `other.probe-http-status`: a liveness/startup probe answered 4xx. The server is up; the probe points at
/// the wrong path or port or needs auth — a longer start budget would not help (pkg/probe/http/http.go).
public struct ProbeClientErrorRule: DiagnosisRule {
    public let id = "other.probe-http-status"
    public init() {}

    public func evaluate(_ c: ContainerContext) -> Verdict? {
        for kind in [ProbeKind.liveness, .startup] {
            let hits = c.unhealthy(kind).filter { $0.1.isClientError }
            guard let last = hits.last else { continue }
            let killed = c.probeKills.contains { $0.1 == kind }
            var facts = Facts.status(c) + [Facts.event(last.0)]
            if let k = c.probeKills.last(where: { $0.1 == kind }) { facts.append(Facts.event(k.0)) }
            if let path = c.spec.flatMap({ kind == .liveness ? $0.livenessProbe : $0.startupProbe })?.httpGet?.path {
                facts.append(Fact(.spec, "\(kind.rawValue)Probe httpGet path \(path)"))
            }
            let code: String
            if case .httpStatus(let n) = last.1 { code = String(n) } else { code = "4xx" }
            return Verdict(cause: .other, probe: kind, confidence: killed ? .high : .medium, facts: facts, rule: id,
                           summary: "The \(kind.rawValue) probe gets HTTP \(code): the server answers, but the probe targets a wrong path/port or needs auth. Fix the probe, not its timing.")
        }
        return nil
    }
}
