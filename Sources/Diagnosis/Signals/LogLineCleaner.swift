import Foundation

/// Turns one raw log line into the text segments a program actually wrote: unwraps JSON log records,
/// strips ANSI escapes and splits carriage-return-separated tqdm redraws.
enum LogLineCleaner {
    /// The cleaned segments of `raw`, oldest first; empty segments are dropped.
    static func segments(of raw: String) -> [String] {
        var text = raw.first == "{" || raw.last == "}" ? unwrapJSON(raw) ?? raw : raw
        // rsyslog / journald shippers render a carriage return as the octal escape "#015".
        if SignalRegex.contains(text, "#015") { text = text.replacingOccurrences(of: "#015", with: "\r") }
        if SignalRegex.contains(text, "\u{1B}") { text = stripANSI(text) }
        return text.split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            .map(trimSpaces)
            .filter { !$0.isEmpty }
    }

    /// One display line for facts: segments joined, trimmed to `limit` characters.
    static func evidence(_ segment: String, limit: Int = 200) -> String {
        let t = segment.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.count <= limit ? t : String(t.prefix(limit - 1)) + "…"
    }

    private static let ansi = SignalRegex("\u{1B}(?:\\[[0-9;?]*[ -/]*[@-~]|\\][^\u{07}\u{1B}]*(?:\u{07}|\u{1B}\\\\)?|[@-Z\\\\-_])")

    static func stripANSI(_ text: String) -> String {
        ansi.replacing(in: text, with: "")
    }

    private static func trimSpaces(_ s: Substring) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = s.firstIndex(where: { !isSpace($0) }), let end = s.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(s[start...end])
    }

    /// The message of a JSON log record: Docker's json-file `log`, structured `message`/`msg`, or a
    /// Docker build stream's `stream` (which in json-file records only names stdout/stderr).
    static func unwrapJSON(_ raw: String) -> String? {
        guard let open = raw.firstIndex(of: "{"), let close = raw.lastIndex(of: "}"), open < close,
              raw[close...].count == 1 || raw[raw.index(after: close)...].allSatisfy(\.isWhitespace),
              let data = String(raw[open...close]).data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        for key in ["log", "message", "msg", "stream"] {
            if let s = object[key] as? String, s != "stdout", s != "stderr" {
                let prefix = raw[..<open].trimmingCharacters(in: .whitespaces)
                return prefix.isEmpty ? s : prefix + " " + s
            }
        }
        return nil
    }
}
