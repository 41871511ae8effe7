import Foundation

/// Resolves a `ClientConfig` from kubeconfig files exactly as kubectl does: `--kubeconfig`, else
/// `KUBECONFIG` (several files, merged), else `~/.kube/config`; then `--context` or
/// `current-context`, and the context's namespace. Pure of process globals: the environment,
/// home and working directory are parameters.
public enum KubeconfigLoader {
    public static func load(explicitPath: String?, context: String?, namespaceOverride: String?,
                            environment: [String: String], homeDirectory: String) throws -> ClientConfig {
        try load(explicitPath: explicitPath, context: context, namespaceOverride: namespaceOverride,
                 environment: environment, homeDirectory: homeDirectory,
                 currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// As above; `currentDirectory` resolves relative `--kubeconfig` / `KUBECONFIG` paths.
    public static func load(explicitPath: String?, context: String?, namespaceOverride: String?,
                            environment: [String: String], homeDirectory: String,
                            currentDirectory: String) throws -> ClientConfig {
        let paths = try candidateFiles(explicitPath: explicitPath, environment: environment,
                                       homeDirectory: homeDirectory, currentDirectory: currentDirectory)
        let files = try paths.map(readFile)
        if files.isEmpty {
            let searched = paths.isEmpty ? searchedPaths(environment, homeDirectory, currentDirectory) : paths
            throw KubeconfigError(.noConfiguration,
                                  "no kubeconfig found (looked for \(searched.joined(separator: ", "))) and no --kubeconfig given")
        }
        let merged = MergedKubeconfig(files: files)
        return try KubeconfigResolver(merged: merged).resolve(context: context, namespaceOverride: namespaceOverride)
    }

    /// The files to load, in precedence order, existing ones only (client-go `loader.go`
    /// `NewDefaultClientConfigLoadingRules`, `ClientConfigLoadingRules.Load`).
    static func candidateFiles(explicitPath: String?, environment: [String: String], homeDirectory: String,
                               currentDirectory: String) throws -> [String] {
        let fm = FileManager.default
        if let explicit = explicitPath, !explicit.isEmpty {
            // Why: an explicit --kubeconfig is used alone and must exist (client-go
            // `ClientConfigLoadingRules.Load`: "if ExplicitPath... os.Stat").
            let path = KubePath.resolve(explicit, against: currentDirectory)
            guard fm.fileExists(atPath: path) else {
                throw KubeconfigError(.fileNotFound, file: path, "kubeconfig file given by --kubeconfig does not exist")
            }
            return [path]
        }
        // Why: missing files in KUBECONFIG are skipped, not errors; duplicates are removed
        // (client-go `NewDefaultClientConfigLoadingRules`, `deduplicate`).
        return searchedPaths(environment, homeDirectory, currentDirectory).filter { fm.fileExists(atPath: $0) }
    }

    private static func searchedPaths(_ environment: [String: String], _ home: String, _ cwd: String) -> [String] {
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            return list.split(separator: ":", omittingEmptySubsequences: true)
                .map { KubePath.resolve(String($0), against: cwd) }
                .filter { seen.insert($0).inserted }
        }
        return [KubePath.resolve(".kube/config", against: home)]
    }

    private static func readFile(_ path: String) throws -> KubeconfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KubeconfigError(.unreadable, file: path, "cannot read kubeconfig file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KubeconfigError(.syntax, file: path, "kubeconfig file is not UTF-8 text")
        }
        return try KubeconfigFile.parse(text, path: path)
    }
}

/// Several kubeconfig files merged with client-go's rules (`merge.go`, `loader.go` doc comment):
/// the first file that defines a name wins and the whole entry is taken from it; the first file
/// that sets `current-context` wins.
struct MergedKubeconfig {
    let files: [String]
    var currentContext: String?
    var clusters: [String: KubeconfigEntry<ClusterEntry>] = [:]
    var users: [String: KubeconfigEntry<UserEntry>] = [:]
    var contexts: [String: KubeconfigEntry<ContextEntry>] = [:]

    init(files parsed: [KubeconfigFile]) {
        files = parsed.map(\.path)
        for file in parsed {
            if currentContext == nil { currentContext = file.currentContext }
            for entry in file.clusters where clusters[entry.name] == nil { clusters[entry.name] = entry }
            for entry in file.users where users[entry.name] == nil { users[entry.name] = entry }
            for entry in file.contexts where contexts[entry.name] == nil { contexts[entry.name] = entry }
        }
    }
}
