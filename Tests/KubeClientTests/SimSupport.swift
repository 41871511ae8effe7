import ClusterSim
import Foundation
import Logging
import Testing
@testable import KubeClient

/// Starts a ClusterSim, runs `body`, always stops it.
func withSim(_ options: ClusterSim.Options = .init(), _ body: (ClusterSim) async throws -> Void) async throws {
    try await ClusterSim.run(options, body)
}

/// A client for `sim` (plain http, so no credentials unless allowed).
func api(for sim: ClusterSim, token: String? = nil, allowHTTP: Bool = true, logger: Logger? = nil,
         transport: any HTTPTransport = CurlTransport()) -> CurlKubeAPI {
    let config = ClientConfig(server: sim.baseURL, namespace: "ml", origin: "test sim", userDescription: "tester",
                              allowCredentialsOverHTTP: allowHTTP, connectTimeoutSeconds: 2)
    let http = KubeHTTPClient(config: config, credentials: StaticCredentialProvider(token: token.map(Secret.init)),
                              transport: transport, logger: logger ?? Logger(label: "test"))
    return CurlKubeAPI(http: http)
}

/// A pod as a strict caller type (like Diagnosis's Pod).
struct SimPod: Decodable, Sendable, Equatable {
    struct Meta: Decodable, Sendable, Equatable { var name: String; var namespace: String; var resourceVersion: String }
    struct Status: Decodable, Sendable, Equatable { var phase: String? }
    var metadata: Meta
    var status: Status?
}

enum PodJSON {
    static func pod(_ name: String, namespace: String = "ml", phase: String = "Running") -> Data {
        let obj: [String: Any] = ["kind": "Pod", "apiVersion": "v1",
                                  "metadata": ["name": name, "namespace": namespace, "labels": ["app": "llama"]],
                                  "spec": ["containers": [["name": "vllm", "image": "vllm/vllm-openai:v0.8.5"]]],
                                  "status": ["phase": phase]]
        return try! JSONSerialization.data(withJSONObject: obj)
    }

    /// `namespace/name` → resourceVersion of every pod the sim holds.
    static func serverState(_ sim: ClusterSim) -> [String: String] {
        var out: [String: String] = [:]
        for data in sim.objects(resource: "pods") {
            let o = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let m = o?["metadata"] as? [String: Any]
            out["\(m?["namespace"] as? String ?? "")/\(m?["name"] as? String ?? "")"] = m?["resourceVersion"] as? String
        }
        return out
    }
}

/// Collects reflector events from another task.
final class EventLog<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var store = ObjectStore<T>()
    private var all: [ReflectorEvent<T>] = []

    func append(_ e: ReflectorEvent<T>) {
        lock.lock(); defer { lock.unlock() }
        store.apply(e)
        all.append(e)
    }

    var events: [ReflectorEvent<T>] { lock.lock(); defer { lock.unlock() }; return all }
    var snapshotStore: ObjectStore<T> { lock.lock(); defer { lock.unlock() }; return store }

    /// `namespace/name` → resourceVersion of what the consumer holds.
    var state: [String: String] { snapshotStore.objects.mapValues { $0.header.resourceVersion ?? "" } }

    /// Polls until `condition` holds or `timeout` passes.
    func wait(timeout: Double = 20, _ condition: (EventLog<T>) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(self) { return true }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        return condition(self)
    }
}
