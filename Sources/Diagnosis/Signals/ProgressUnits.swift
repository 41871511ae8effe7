import Foundation

/// Byte sizes, rates and durations as progress printers write them (tqdm, aws-cli, Ollama, Go durations).
enum ProgressUnits {
    /// Multiplier of a size suffix, or nil when the suffix is not a byte / SI-prefix suffix (`it`, `files`).
    ///
    /// Decimal prefixes are powers of 1000 (tqdm's default `unit_divisor`, Ollama's `format.HumanBytes`);
    /// `Ki`/`Mi`/`Gi` are powers of 1024 (aws-cli). A lone `b` is taken as bytes: AIBrix's downloader uses
    /// tqdm with `unit="b"`, which prints `5.17kb/s`.
    static func byteFactor(_ suffix: String) -> Double? {
        var s = Substring(suffix)
        if s.lowercased() == "bytes" || s.lowercased() == "byte" { return 1 }
        if let last = s.last, last == "B" || last == "b" { s = s.dropLast() }
        if s.isEmpty { return 1 }
        let binary = s.count == 2 && s.last == "i"
        guard s.count == 1 || binary, let letter = s.first?.lowercased() else { return nil }
        guard let power = ["k": 1.0, "m": 2, "g": 3, "t": 4, "p": 5][letter] else { return nil }
        return binary ? pow(1024, power) : pow(1000, power)
    }

    /// True when `unit` names bytes (`B`, `kB`, `MiB`, `kb`) rather than items (`it`, `files`).
    static func isByteUnit(_ unit: String) -> Bool {
        guard let last = unit.last else { return false }
        return (last == "B" || last == "b" || unit.lowercased().hasSuffix("bytes")) && byteFactor(unit) != nil
    }

    /// `1.75G`, `117M`, `19 GB`, `256.0 KiB` → bytes. `defaultFactor` applies when the suffix is empty.
    static func bytes(_ number: String, _ suffix: String, defaultFactor: Double = 1) -> Double? {
        guard let n = Double(number) else { return nil }
        if suffix.isEmpty { return n * defaultFactor }
        return byteFactor(suffix).map { n * $0 }
    }

    private static let dots = CharacterSet(charactersIn: ".")

    /// tqdm / TGI clock durations: `03:23`, `1:02:03`, `0:00:07.`, `00:00`; `?` and garbage give nil.
    static func clock(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: Self.dots)
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        var total = 0.0
        for part in parts {
            guard let v = Double(part), v >= 0 else { return nil }
            total = total * 60 + v
        }
        return total
    }

    /// Go `time.Duration` strings as Ollama and GIN print them: `8m17s`, `1h2m3.5s`, `250ms`, `19.3µs`.
    static func goDuration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 1e-3), ("µs", 1e-6), ("us", 1e-6), ("ns", 1e-9), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            guard let v = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let (u, f) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(u.count)
            total += v * f
        }
        return total
    }

    /// Seconds from `12.01 s`, `223.06s`, `5.8 seconds`, `2 secs`, `1.5 min`.
    static func seconds(_ number: String, _ unit: String) -> Double? {
        guard let v = Double(number) else { return nil }
        switch unit.lowercased() {
        case "s", "sec", "secs", "second", "seconds": return v
        case "min", "mins", "minute", "minutes": return v * 60
        case "ms": return v / 1000
        default: return nil
        }
    }
}
