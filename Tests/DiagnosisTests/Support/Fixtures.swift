import Foundation
@testable import Diagnosis

/// Builders for evidence that follows the kubelet's exact behaviour (kubernetes-facts §3.4, §3.7, §3.8).
enum Fx {
    static let t0 = KubeTime(rfc3339: "2025-06-01T10:00:00Z")!
    static func at(_ s: Double) -> KubeTime { t0.adding(s) }

    static let ns = "ml"
    static let podName = "llama-8b-6c9f7d5b8-x2kqp"
    static let podUID = "0f6d8a52-3c1b-4e7a-9d2f-7a1b2c3d4e5f"

    static func pod(_ containers: [Container], statuses: [ContainerStatus], initContainers: [Container]? = nil,
                    initStatuses: [ContainerStatus]? = nil, volumes: [Volume]? = nil, name: String = podName) -> Pod {
        Pod(metadata: ObjectMeta(name: name, namespace: ns, uid: podUID,
                                 ownerReferences: [OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "llama-8b-6c9f7d5b8", controller: true)]),
            spec: PodSpec(containers: containers, initContainers: initContainers, volumes: volumes, nodeName: "gpu-node-3"),
            status: PodStatus(phase: "Running", containerStatuses: statuses, initContainerStatuses: initStatuses))
    }

    static func http(_ path: String = "/health", port: Int = 8000, delay: Int? = nil, period: Int? = nil,
                     failures: Int? = nil, timeout: Int? = nil) -> Probe {
        Probe(httpGet: HTTPGetAction(path: path, port: .int(port)), initialDelaySeconds: delay, timeoutSeconds: timeout,
              periodSeconds: period, failureThreshold: failures)
    }

    /// The AIBrix v0.2.0 quickstart container: 8B model, liveness 120 s + 3 × 5 s, cache in the writable layer.
    static func aibrixQuickstart(startup: Probe? = nil) -> Container {
        Container(name: "vllm-openai", image: "vllm/vllm-openai:v0.7.1",
                  command: ["python3", "-m", "vllm.entrypoints.openai.api_server", "--host", "0.0.0.0", "--port", "8000",
                            "--model", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "--served-model-name", "deepseek-r1-distill-llama-8b"],
                  ports: [ContainerPort(containerPort: 8000)],
                  livenessProbe: http(delay: 120, period: 5, failures: 3, timeout: 1),
                  readinessProbe: http(delay: 5, period: 5, failures: 3, timeout: 1), startupProbe: startup)
    }

    /// The quickstart's probes on a container that names no model (an app, or a model baked into the image).
    static func plainServer(startup: Probe? = nil) -> Container {
        Container(name: "vllm-openai", image: "registry.example/app:1", livenessProbe: http(delay: 120, period: 5, failures: 3, timeout: 1),
                  startupProbe: startup)
    }

    static func terminated(_ exit: Int?, _ reason: String?, start: Double, end: Double) -> ContainerState {
        ContainerState(terminated: .init(exitCode: exit, reason: reason, startedAt: at(start), finishedAt: at(end)))
    }

    static func run(_ exit: Int?, _ reason: String?, start: Double, seconds: Double) -> ContainerRun {
        ContainerRun(startedAt: at(start), finishedAt: at(start + seconds), exitCode: exit, reason: reason)
    }

    /// A status in CrashLoopBackOff (or running again) after `restarts` restarts, last instance as given.
    static func status(_ name: String, restarts: Int, last: ContainerState?, running since: Double? = nil,
                       ready: Bool = false, started: Bool? = nil) -> ContainerStatus {
        let state = since.map { ContainerState(running: .init(startedAt: at($0))) }
            ?? ContainerState(waiting: .init(reason: "CrashLoopBackOff",
                                             message: "back-off 40s restarting failed container=\(name) pod=\(podName)_\(ns)(\(podUID))"))
        return ContainerStatus(name: name, ready: ready, started: started ?? (since != nil), restartCount: restarts,
                               state: state, lastState: last ?? ContainerState(), image: "docker.io/vllm/vllm-openai:v0.7.1")
    }

    static func event(_ reason: String, _ message: String, container: String? = "vllm-openai", type: String = "Normal",
                      count: Int = 1, first: Double, last: Double? = nil) -> EventRecord {
        EventRecord(metadata: ObjectMeta(name: "\(podName).\(reason.lowercased())\(Int(first))", namespace: ns),
                    involvedObject: ObjectReference(kind: "Pod", namespace: ns, name: podName, uid: podUID, apiVersion: "v1",
                                                    fieldPath: container.map { "spec.containers{\($0)}" }),
                    reason: reason, message: message, type: type, count: count, firstTimestamp: at(first),
                    lastTimestamp: at(last ?? first), source: EventSource(component: "kubelet", host: "gpu-node-3"),
                    reportingComponent: "kubelet")
    }

    static func refused(_ kind: String, count: Int, first: Double, last: Double, container: String = "vllm-openai") -> EventRecord {
        event("Unhealthy", "\(kind) probe failed: Get \"http://10.42.1.17:8000/health\": dial tcp 10.42.1.17:8000: connect: connection refused",
              container: container, type: "Warning", count: count, first: first, last: last)
    }

    static func timeout(_ kind: String, count: Int, first: Double, last: Double, container: String = "vllm-openai") -> EventRecord {
        event("Unhealthy", "\(kind) probe failed: Get \"http://10.42.1.17:8000/health\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
              container: container, type: "Warning", count: count, first: first, last: last)
    }

    static func killing(_ probe: String, count: Int = 1, at t: Double, container: String = "vllm-openai") -> EventRecord {
        event("Killing", "Container \(container) failed \(probe) probe, will be restarted", container: container, count: count, first: t)
    }

    static func backOff(count: Int, first: Double, last: Double, container: String = "vllm-openai") -> EventRecord {
        event("BackOff", "Back-off restarting failed container \(container) in pod \(podName)_\(ns)(\(podUID))",
              container: container, type: "Warning", count: count, first: first, last: last)
    }

    /// One context for the named container.
    static func context(_ e: Evidence, _ name: String = "vllm-openai") -> ContainerContext {
        ContainerContext(evidence: e, containerName: name)
    }
}

extension Fx {
    /// Evidence for a single-container pod.
    static func evidence(_ container: Container = aibrixQuickstart(), status: ContainerStatus?, events: [EventRecord] = [],
                         history: [ContainerRun] = [], logs: ContainerLogs? = nil, volumes: [Volume]? = nil,
                         observed: Double = 3600) -> Evidence {
        Evidence(pod: pod([container], statuses: status.map { [$0] } ?? [], volumes: volumes),
                 events: events, logs: logs.map { [container.name: $0] } ?? [:],
                 history: history.isEmpty ? [:] : [container.name: history], observedAt: at(observed))
    }

    /// A crash-looping quickstart container whose last instance ended with `exit`/`reason` after `seconds`.
    static func looping(exit: Int? = 137, reason: String? = "Error", seconds: Double = 165, restarts: Int = 4,
                        start: Double = 1000) -> ContainerStatus {
        status("vllm-openai", restarts: restarts, last: terminated(exit, reason, start: start, end: start + seconds))
    }
}
