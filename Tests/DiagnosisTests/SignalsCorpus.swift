import Foundation

/// Reads the shared corpus (`../shared/corpus` next to the package root, as CI lays it out).
enum SignalsCorpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")

    struct DownloadLine: Decodable { let source: String; let tool: String; let line: String }

    static func downloadLines() throws -> [DownloadLine] {
        let data = try Data(contentsOf: root.appendingPathComponent("download-log-lines.json"))
        return try JSONDecoder().decode([DownloadLine].self, from: data)
    }

    /// Log lines of a case's logs.txt / previous-logs.txt without kubectl's START/END frame lines.
    static func logLines(_ relativePath: String) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent("cases").appendingPathComponent(relativePath), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.hasPrefix("==== START logs for") && !$0.hasPrefix("==== END logs for") && !$0.isEmpty }
    }

    static func manifestText(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("manifests").appendingPathComponent(name), encoding: .utf8)
    }
}
