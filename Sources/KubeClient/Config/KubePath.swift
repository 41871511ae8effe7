/// Path helpers with Go `path/filepath` semantics (`Join`, `Clean`, `Dir`), free of the process's
/// working directory.
enum KubePath {
    /// Resolves `path` against `directory` unless it is already absolute; the result is cleaned.
    static func resolve(_ path: String, against directory: String) -> String {
        clean(path.hasPrefix("/") ? path : directory + "/" + path)
    }

    /// The directory containing `file` (`filepath.Dir`).
    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        let dir = String(file[..<slash])
        return dir.isEmpty ? "/" : clean(dir)
    }

    /// Lexical cleaning: removes `.`, empty and `..` elements (`filepath.Clean`).
    static func clean(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
