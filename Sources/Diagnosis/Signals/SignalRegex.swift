import Foundation

/// A compiled regular expression that can live in a `static let` and be shared across tasks.
struct SignalRegex: @unchecked Sendable {
    // NSRegularExpression is immutable once built; Apple's class reference documents it as thread-safe,
    // so sharing one instance is sound even though corelibs-foundation does not mark it Sendable.
    private let regex: NSRegularExpression
    /// Literal texts of which a matching line must contain at least one (one per top-level alternative),
    /// or nil when the pattern has no such literal. Checked before running the regex: most log lines
    /// match no pattern, and a substring search is far cheaper than an ICU regex scan.
    let requiredLiterals: [[UInt8]]?

    /// `needles` overrides the literals derived from the pattern (for patterns without a fixed literal).
    init(_ pattern: String, caseInsensitive: Bool = false, needles: [String]? = nil) {
        do {
            regex = try NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        } catch {
            preconditionFailure("invalid built-in pattern \(pattern): \(error)")
        }
        let literals = needles ?? (caseInsensitive ? nil : RegexLiterals.required(in: pattern))
        requiredLiterals = literals.map { $0.map { Array($0.utf8) } }
    }

    /// Whether `text` contains `literal`, by plain byte search.
    static func contains(_ text: String, _ literal: String) -> Bool {
        var text = text
        let needle = Array(literal.utf8)
        return text.withUTF8 { contains($0, needle) }
    }

    /// False when the line cannot match because it holds none of the required literals.
    func mayMatch(_ text: String) -> Bool {
        guard let literals = requiredLiterals else { return true }
        var text = text
        return text.withUTF8 { hay in literals.contains { SignalRegex.contains(hay, $0) } }
    }

    /// Plain byte search; generic collection algorithms are too slow for this hot path in debug builds.
    private static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0 else { return true }
        guard hay.count >= n else { return false }
        return needle.withUnsafeBufferPointer { nd in
            let first = nd[0]
            var i = 0
            while i <= hay.count - n {
                if hay[i] == first {
                    var j = 1
                    while j < n, hay[i + j] == nd[j] { j += 1 }
                    if j == n { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// Capture groups of the first match (index 0 is the whole match; nil for groups that did not take part).
    func firstMatch(in text: String) -> [String?]? {
        guard mayMatch(text) else { return nil }
        let ns = text as NSString
        guard let m = regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (0..<m.numberOfRanges).map { i in
            let r = m.range(at: i)
            return r.location == NSNotFound ? nil : ns.substring(with: r)
        }
    }

    /// Capture groups of every match, left to right.
    func allMatches(in text: String) -> [[String?]] {
        guard mayMatch(text) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { i in
                let r = m.range(at: i)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
        }
    }

    /// `text` with every match replaced by `template` (`$1` refers to a group).
    func replacing(in text: String, with template: String) -> String {
        let ns = text as NSString
        return regex.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: ns.length), withTemplate: template)
    }

    func matches(_ text: String) -> Bool {
        guard mayMatch(text) else { return false }
        let ns = text as NSString
        return regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) != nil
    }
}

/// Finds, for each top-level alternative of a regex, the longest run of literal characters outside any
/// group, class or optional part: text that every match of that alternative must contain.
enum RegexLiterals {
    static func required(in pattern: String, minimumLength: Int = 3) -> [String]? {
        var scan = Scan()
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            i = scan.step(chars, i)
        }
        scan.closeAlternative()
        return scan.alternatives.contains { $0.count < minimumLength } ? nil : scan.alternatives
    }

    private struct Scan {
        var alternatives: [String] = []
        var best = ""
        var run = ""
        var depth = 0
        var inClass = false

        mutating func endRun() {
            if run.count > best.count { best = run }
            run = ""
        }

        mutating func closeAlternative() {
            endRun()
            alternatives.append(best)
            best = ""
        }

        /// Consumes the token at `i`, returns the next index.
        mutating func step(_ chars: [Character], _ i: Int) -> Int {
            let c = chars[i]
            if inClass {
                if c == "\\" { return i + 2 }
                if c == "]" { inClass = false }
                return i + 1
            }
            switch c {
            case "\\":
                guard i + 1 < chars.count else { return i + 1 }
                let n = chars[i + 1]
                if depth == 0, !n.isLetter, !n.isNumber { run.append(n) } else { endRun() }
                return i + 2
            case "[": endRun(); inClass = true
            case "(": endRun(); depth += 1
            case ")": endRun(); depth -= 1
            case "|" where depth == 0: closeAlternative()
            case "?", "*", "{":
                // The preceding character is optional: it cannot be part of a required literal.
                if !run.isEmpty { run.removeLast() }
                endRun()
                if c == "{", let close = chars[i...].firstIndex(of: "}") { return close + 1 }
            case "+", ".", "^", "$", "|": endRun()
            default: if depth == 0 { run.append(c) }
            }
            return i + 1
        }
    }
}
