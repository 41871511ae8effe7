/// A container's command line as words, with `sh -c "…"` scripts split the way a shell would (roughly)
/// and `$VAR` / `${VAR}` references resolved from the container's literal env.
struct ServerArgv {
    let words: [String]
    let env: [String: String]

    init(_ container: Container) {
        var env: [String: String] = [:]
        for e in container.env ?? [] { if let v = e.value { env[e.name] = v } }
        let raw = container.argv.flatMap { arg -> [String] in
            arg.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) ? ServerArgv.shellWords(arg) : [arg]
        }
        // `export HF_HOME=/data && vllm serve …` and `HF_HOME=/data vllm serve …` set env for the server too.
        for w in raw {
            if let eq = w.firstIndex(of: "="), eq > w.startIndex,
               w[..<eq].allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }), w.first?.isUppercase == true {
                env[String(w[..<eq])] = String(w[w.index(after: eq)...])
            }
        }
        self.env = env
        words = raw.map { ServerArgv.expand($0, env: env) }
    }

    /// The value of `--flag X` or `--flag=X` for any of `flags` (first occurrence wins), with the flag found.
    func value(of flags: [String]) -> (flag: String, value: String)? {
        for (i, w) in words.enumerated() {
            for f in flags {
                if w == f, i + 1 < words.count, !words[i + 1].hasPrefix("-") { return (f, words[i + 1]) }
                if w.hasPrefix(f + "=") { return (f, String(w.dropFirst(f.count + 1))) }
            }
        }
        return nil
    }

    /// The first word after the word sequence `verbs` (e.g. `["vllm", "serve"]`), if it is not a flag.
    func positional(after verbs: [String]) -> String? {
        guard !verbs.isEmpty, words.count > verbs.count else { return nil }
        for i in 0...(words.count - verbs.count - 1) {
            let window = words[i..<(i + verbs.count)]
            let matches = zip(window, verbs).allSatisfy { w, v in w == v || w.hasSuffix("/" + v) }
            if matches, !words[i + verbs.count].hasPrefix("-") { return words[i + verbs.count] }
        }
        return nil
    }

    /// Whole words, lowercased, joined by spaces: for substring checks on what the container runs.
    var joinedLowercased: String { words.joined(separator: " ").lowercased() }

    /// Splits a shell script into words: quotes, backslash escapes and line continuations are honoured;
    /// `;`, `&&`, `||` and `|` become separate words.
    static func shellWords(_ script: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var chars = Array(script)[...]
        func flush() { if inWord { words.append(current) }; current = ""; inWord = false }
        while let c = chars.popFirst() {
            if let q = quote {
                if c == q { quote = nil } else if c == "\\", q == "\"", let n = chars.popFirst() { current.append(n) } else { current.append(c) }
                continue
            }
            switch c {
            case "'", "\"": quote = c; inWord = true
            case "\\":
                if let n = chars.popFirst(), n != "\n" { current.append(n); inWord = true }
            case " ", "\t", "\n": flush()
            case ";", "|", "&":
                flush()
                words.append(String(c))
            default: current.append(c); inWord = true
            }
        }
        flush()
        return words
    }

    /// `$(NAME)`, `$NAME`, `${NAME}` → the env value when the whole word is one reference to a literal env var.
    /// The kubelet itself expands `$(NAME)` in command and args (k8s.io/kubernetes third_party/forked/golang/expansion);
    /// the other two forms are expanded by the `sh -c` that runs the script.
    static func expand(_ word: String, env: [String: String]) -> String {
        guard word.hasPrefix("$") else { return word }
        var name = word.dropFirst()
        if (name.hasPrefix("{") && name.hasSuffix("}")) || (name.hasPrefix("(") && name.hasSuffix(")")) {
            name = name.dropFirst().dropLast()
        }
        return env[String(name)] ?? word
    }
}
