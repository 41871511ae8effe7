import Diagnosis
import Foundation

/// What `restartwatch scan -o json` prints: `{"findings": [...], ...}` (corpus/README.md contract).
struct ScanReport: Encodable {
    var findings: [Finding]
    /// The diagnosis time (the API server's clock, or `--now` for dumps).
    var observedAt: String
    var podsExamined: Int
    /// `cluster <server>` or `dump <dir>`.
    var source: String
}

/// Renders findings for people: what happened, the evidence, and the fix.
enum TextReport {
    static func render(_ report: ScanReport) -> String {
        var out = ""
        if report.findings.isEmpty {
            out += "No problems found in \(report.podsExamined) pod(s) (\(report.source), at \(report.observedAt)).\n"
            return out
        }
        out += "\(report.findings.count) finding(s) in \(report.podsExamined) pod(s) (\(report.source), at \(report.observedAt)):\n\n"
        for f in report.findings { out += render(f) + "\n" }
        return out
    }

    static func render(_ f: Finding) -> String {
        var out = "\(f.namespace)/\(f.pod) container \(f.container): \(f.cause.rawValue)"
        var tags: [String] = []
        if let p = f.probe { tags.append("\(p.rawValue) probe") }
        tags.append("\(f.confidence.rawValue) confidence")
        out += " (\(tags.joined(separator: ", ")))\n"
        if let o = f.owner { out += "  owner: \(o.kind)/\(o.name)\n" }
        out += "  \(f.summary)\n"
        if !f.facts.isEmpty {
            out += "  evidence:\n"
            for fact in f.facts { out += "    [\(fact.source.rawValue)] \(fact.text)\n" }
        }
        if let r = f.remediation { out += render(r) }
        return out
    }

    static func render(_ r: Remediation) -> String {
        var out = "  fix:\n"
        out += "    need ≈ \(r.needSeconds) s (\(r.needBasis))\n"
        if let s = r.startupProbe {
            out += "    add a startupProbe: periodSeconds \(s.periodSeconds) × failureThreshold \(s.failureThreshold) = \(s.budgetSeconds) s\n"
        }
        if r.persistentCacheNeeded {
            out += "    the model cache does not survive a restart: every restart downloads again; a larger budget alone will not converge\n"
        }
        if let p = r.patch {
            if let note = p.note { out += "    note: \(note)\n" }
            out += "    apply:\n      \(p.kubectl)\n"
            out += "    or edit the container in \(p.target.kind)/\(p.target.name):\n"
            for line in p.yaml.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                out += "      \(line)\n"
            }
        }
        if !r.alternatives.isEmpty {
            out += "    alternatives:\n"
            for a in r.alternatives { out += "      - \(a)\n" }
        }
        return out
    }
}
