import Diagnosis
import Foundation

/// `scan --from DIR`: a dump folder turned into evidence.
enum DumpScan {
    static func load(path: String, now: KubeTime?, pod: String?, namespaces: [String]) throws -> ScanInput {
        var all = try DumpReader(path: path).read()
        if !namespaces.isEmpty {
            all = all.filter { namespaces.contains($0.name) }
            if all.isEmpty { throw DumpReader.ReadError(path: path, problem: "no folder for namespace(s) \(namespaces.joined(separator: ", "))") }
        }
        if let pod {
            for i in all.indices { all[i].pods = all[i].pods.filter { $0.name == pod } }
            guard all.contains(where: { !$0.pods.isEmpty }) else {
                throw DumpReader.ReadError(path: path, problem: "no pod named \(pod) in the dump")
            }
        }
        guard let observedAt = now ?? DumpReader.latestTimestamp(in: all) else {
            throw DumpReader.ReadError(path: path, problem: "the dump carries no timestamps; pass --now")
        }
        let evidence = all.flatMap { DumpEvidence.assemble($0, observedAt: observedAt) }
        return ScanInput(evidence: evidence, observedAt: observedAt, source: "dump \(path)", namespaces: all)
    }
}

/// Joins one namespace folder's pods, events, logs and owners into per-pod evidence.
enum DumpEvidence {
    static func assemble(_ ns: DumpReader.Namespace, observedAt: KubeTime) -> [Evidence] {
        EvidenceAssembler.assemble(pods: ns.pods, events: ns.events,
                                   currentLogs: ns.currentLogs.values.flatMap(LogBlocks.parse),
                                   previousLogs: ns.previousLogs.values.flatMap(LogBlocks.parse),
                                   owners: ns.owners, observedAt: observedAt)
    }
}
