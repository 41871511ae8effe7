/// One container's log block from a `kubectl cluster-info dump` log file.
public struct LogBlock: Sendable, Hashable {
    public var namespace: String
    public var pod: String
    public var container: String
    public var lines: [String]
    public init(namespace: String, pod: String, container: String, lines: [String]) {
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.lines = lines
    }
}

/// Parses kubectl's log framing: `==== START logs for container C of pod NS/POD ====` … `==== END logs for container C of pod NS/POD ====`
/// (kubectl `cluster-info dump`, `pkg/cmd/clusterinfo/clusterinfo_dump.go`). Several blocks per file.
public enum LogBlocks {
    public static func parse(_ text: String) -> [LogBlock] {
        var blocks: [LogBlock] = []
        var open: LogBlock?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if let header = header(line, marker: "START") {
                if let o = open { blocks.append(o) } // an unterminated block ends where the next begins
                open = LogBlock(namespace: header.ns, pod: header.pod, container: header.container, lines: [])
            } else if let header = header(line, marker: "END"), let o = open,
                      header.container == o.container, header.pod == o.pod, header.ns == o.namespace {
                blocks.append(o)
                open = nil
            } else if open != nil {
                open!.lines.append(line)
            }
        }
        if var o = open {
            if o.lines.last == "" { o.lines.removeLast() }
            blocks.append(o)
        }
        return blocks
    }

    /// `==== START logs for container C of pod NS/POD ====` → (C, NS, POD).
    static func header(_ line: String, marker: String) -> (container: String, ns: String, pod: String)? {
        let prefix = "==== \(marker) logs for container "
        guard line.hasPrefix(prefix), line.hasSuffix(" ====") else { return nil }
        let body = line.dropFirst(prefix.count).dropLast(5)
        guard let of = body.range(of: " of pod ") else { return nil }
        let container = String(body[..<of.lowerBound])
        let ref = body[of.upperBound...]
        guard let slash = ref.firstIndex(of: "/") else { return nil }
        return (container, String(ref[..<slash]), String(ref[ref.index(after: slash)...]))
    }
}
