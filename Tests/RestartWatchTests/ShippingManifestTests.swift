import ArgumentParser
import Foundation
import Testing
@testable import RestartWatch

/// deploy/: every document is a Kubernetes object, restartwatch's container args are ones the CLI
/// accepts, and the config.json shipped in ConfigMaps loads.
@Suite struct ShippingManifestTests {
    static let samplePod = "llama-8b-6c9f7d5b8-x2kqp"

    @Test func everyModeShipsManifests() throws {
        for mode in DeployManifests.modes {
            #expect(!(try DeployManifests.files(mode: mode)).isEmpty, "deploy/\(mode) has no manifest")
        }
    }

    @Test func everyDocumentIsAKubernetesObject() throws {
        let docs = try DeployManifests.documents()
        #expect(docs.count >= 10)
        for d in docs {
            #expect(!(d.apiVersion ?? "").isEmpty, "\(d.label): no apiVersion")
            #expect(!(d.kind ?? "").isEmpty, "\(d.label): no kind")
            #expect(!(d.name ?? "").isEmpty, "\(d.label): no metadata.name")
            // A DNS-1123 name, as the apiserver validates object names.
            #expect(d.name?.isDNSSubdomainName == true, "\(d.label): invalid name")
        }
    }

    /// `$(VAR)` values the kubelet would substitute for one container: literal `value`s and
    /// downward-API fieldRefs with sample values.
    static func environment(_ c: DeployManifests.RestartWatchContainer, namespace: String) -> [String: String] {
        var env: [String: String] = [:]
        for e in c.env {
            guard let name = e["name"] as? String else { continue }
            if let v = e["value"] as? String { env[name] = v }
            let field = ((e["valueFrom"] as? [String: Any])?["fieldRef"] as? [String: Any])?["fieldPath"] as? String
            switch field {
            case "metadata.name": env[name] = samplePod
            case "metadata.namespace": env[name] = namespace
            default: break
            }
        }
        return env
    }

    @Test func restartWatchContainerArgsParseAsAWatchCommand() throws {
        var checked = 0
        for d in try DeployManifests.documents() where d.kind == "Deployment" {
            for c in DeployManifests.restartWatchContainers(d) {
                let env = Self.environment(c, namespace: d.namespace ?? "default")
                let args = c.args.map { DeployManifests.expand($0, env) }
                #expect(!args.contains { $0.contains("$(") }, "\(c.owner): unresolved reference in \(args)")
                let parsed: (any ParsableCommand)?
                do { parsed = try RestartWatchCommand.parseAsRoot(args) } catch {
                    Issue.record("\(c.owner): the CLI rejects \(args): \(RestartWatchCommand.message(for: error))")
                    continue
                }
                let watch = try #require(parsed as? WatchCommand, "\(c.owner): \(args) is not `watch`")
                if c.isInitContainer {
                    // A native sidecar (Kubernetes 1.29+, KEP-753): an init container with restartPolicy Always.
                    #expect(c.container["restartPolicy"] as? String == "Always", "\(c.owner): sidecar without restartPolicy: Always")
                    #expect(watch.cluster.pod == Self.samplePod, "\(c.owner): --pod must come from the downward API")
                    #expect(watch.cluster.namespaces == [d.namespace ?? "default"])
                }
                checked += 1
            }
        }
        #expect(checked == 3, "expected the cluster, namespaced and sidecar restartwatch containers, checked \(checked)")
    }

    @Test func argsTheCLIRejectsAreCaught() throws {
        // The check above can fail: an unknown flag or two pods' worth of namespaces do not parse.
        #expect(throws: (any Error).self) { try RestartWatchCommand.parseAsRoot(["watch", "--podname", "x"]) }
        #expect(throws: (any Error).self) { try RestartWatchCommand.parseAsRoot(["watch", "--pod", "x", "-A"]) }
        #expect(DeployManifests.expand("--pod=$(POD_NAME) $$(X) $(NOPE)", ["POD_NAME": "p"]) == "--pod=p $(X) $(NOPE)")
    }

    @Test func configMapConfigsLoadAndAreMountedWhereArgsSayTheyAre() throws {
        let dir = TestPaths.temporaryDirectory("shipping")
        var loaded = 0
        for mode in DeployManifests.modes {
            let docs = try DeployManifests.documents(mode: mode)
            for cm in docs where cm.kind == "ConfigMap" {
                guard let text = (cm.object["data"] as? [String: Any])?["config.json"] as? String else { continue }
                let path = "\(dir)/\(mode)-config.json"
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                let config = try RestartWatchConfig.load(path: path)
                #expect(!config.leaderElection.enabled, "\(cm.label): leader election is not available in this version")
                if mode == "namespaced" { #expect(config.namespaces == [cm.namespace ?? ""], "\(cm.label): must watch its own namespace") }
                if mode == "cluster" { #expect(config.namespaces.isEmpty, "\(cm.label): cluster-wide means every namespace") }
                try expectMounted(configMap: cm, in: docs)
                loaded += 1
            }
        }
        #expect(loaded == 2, "expected config.json in the cluster and namespaced ConfigMaps")
    }

    /// The Deployment mounts the ConfigMap at the directory of its `--config` path.
    private func expectMounted(configMap cm: DeployManifests.Document, in docs: [DeployManifests.Document]) throws {
        for d in docs where d.kind == "Deployment" {
            for c in DeployManifests.restartWatchContainers(d) {
                guard let i = c.args.firstIndex(of: "--config"), i + 1 < c.args.count else { continue }
                let configDir = URL(fileURLWithPath: c.args[i + 1]).deletingLastPathComponent().path
                let template = (d.object["spec"] as? [String: Any])?["template"] as? [String: Any]
                let volumes = (template?["spec"] as? [String: Any])?["volumes"] as? [[String: Any]] ?? []
                let volume = volumes.first { ($0["configMap"] as? [String: Any])?["name"] as? String == cm.name }
                let mounts = c.container["volumeMounts"] as? [[String: Any]] ?? []
                let mount = mounts.first { $0["name"] as? String == volume?["name"] as? String }
                #expect(mount?["mountPath"] as? String == configDir, "\(c.owner): ConfigMap \(cm.name ?? "") not mounted at \(configDir)")
            }
        }
    }
}

extension String {
    /// RFC 1123 subdomain, as Kubernetes requires of most object names.
    var isDNSSubdomainName: Bool {
        guard !isEmpty, count <= 253 else { return false }
        return split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            guard let f = part.first, let l = part.last, f.isLetter || f.isNumber, l.isLetter || l.isNumber else { return false }
            return part.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        }
    }
}
