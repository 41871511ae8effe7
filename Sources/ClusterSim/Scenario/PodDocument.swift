import Foundation

/// Builds the v1 Pod object (API wire format) from the scenario, the identity and the current state.
struct PodDocument {
    let scenario: Scenario
    let ids: ScenarioIdentity
    let created: Date

    typealias JSON = [String: Any]

    func json(_ pod: PodState) -> JSON {
        let metadata: JSON = [
            "name": ids.podName, "generateName": "\(ids.replicaSetName)-", "namespace": scenario.namespace,
            "uid": ids.podUID, "creationTimestamp": SimFormat.rfc3339(created),
            "labels": ObjectDocuments.templateLabels(scenario, hash: ids.templateHash),
            "ownerReferences": [ObjectDocuments.ownerRef(kind: "ReplicaSet", apiVersion: "apps/v1",
                                                         name: ids.replicaSetName, uid: ids.replicaSetUID)],
        ]
        var spec = ObjectDocuments.podSpec(scenario, defaultRequests: true)
        if let node = pod.nodeName { spec["nodeName"] = node }
        return ["kind": "Pod", "apiVersion": "v1", "metadata": metadata, "spec": spec, "status": status(pod)]
    }

    private func status(_ pod: PodState) -> JSON {
        var status: JSON = ["phase": pod.phase, "qosClass": qosClass(), "conditions": conditions(pod)]
        guard let admitted = pod.admittedAt else { return status }
        status["hostIP"] = scenario.hostIP
        status["hostIPs"] = [["ip": scenario.hostIP]]
        status["podIP"] = scenario.podIP
        status["podIPs"] = [["ip": scenario.podIP]]
        status["startTime"] = SimFormat.rfc3339(admitted)
        status["containerStatuses"] = [containerStatus(pod)]
        return status
    }

    private func condition(_ type: String, _ ok: Bool, _ at: Date?, reason: String? = nil, message: String? = nil) -> JSON {
        var c: JSON = ["type": type, "status": ok ? "True" : "False", "lastProbeTime": NSNull(),
                       "lastTransitionTime": at.map { SimFormat.rfc3339($0) as Any } ?? NSNull()]
        if !ok, let reason { c["reason"] = reason }
        if !ok, let message { c["message"] = message }
        return c
    }

    private func conditions(_ pod: PodState) -> [JSON] {
        guard let scheduled = pod.scheduledAt else { return [] }
        let scheduledCondition = condition("PodScheduled", true, scheduled)
        guard let admitted = pod.admittedAt else { return [scheduledCondition] }
        // Why: Ready/ContainersReady are False with ContainersNotReady and the unready names
        // (kubelet `pkg/kubelet/status/generate.go` `GenerateContainersReadyCondition`).
        let notReady = "containers with unready status: [\(scenario.container.name)]"
        let readyAt = pod.readyChangedAt ?? admitted
        return [
            condition("PodReadyToStartContainers", true, admitted.addingTimeInterval(0.8)),
            condition("Initialized", true, admitted),
            condition("Ready", pod.ready, readyAt, reason: "ContainersNotReady", message: notReady),
            condition("ContainersReady", pod.ready, readyAt, reason: "ContainersNotReady", message: notReady),
            scheduledCondition,
        ]
    }

    private func terminatedJSON(_ t: TerminatedState) -> JSON {
        ["exitCode": Int(t.exitCode), "reason": t.reason, "startedAt": SimFormat.rfc3339(t.startedAt),
         "finishedAt": SimFormat.rfc3339(t.finishedAt), "containerID": t.containerID]
    }

    private func containerStatus(_ pod: PodState) -> JSON {
        let c = scenario.container
        var state: JSON
        switch pod.state {
        case .waiting(let reason, let message):
            var w: JSON = ["reason": reason]
            if let message { w["message"] = message }
            state = ["waiting": w]
        case .running(let startedAt): state = ["running": ["startedAt": SimFormat.rfc3339(startedAt)]]
        case .terminated(let t): state = ["terminated": terminatedJSON(t)]
        }
        var status: JSON = [
            "name": c.name, "state": state,
            "lastState": pod.lastState.map { ["terminated": terminatedJSON($0)] } ?? [:],
            "ready": pod.ready, "started": pod.started, "restartCount": pod.restartCount,
            "image": c.image, "imageID": pod.imagePulled ? c.imageID : "",
        ]
        if let id = pod.containerID { status["containerID"] = id }
        return status
    }

    /// Why: Guaranteed needs cpu and memory limits equal to requests on every container; anything set
    /// makes it Burstable (`pkg/apis/core/v1/helper/qos` `GetPodQOS`; extended resources do not count).
    private func qosClass() -> String {
        let c = scenario.container
        let keys = ["cpu", "memory"]
        let requests = c.requests.merging(c.limits) { request, _ in request }
        if keys.allSatisfy({ c.limits[$0] != nil && c.limits[$0] == requests[$0] }) { return "Guaranteed" }
        return keys.contains { c.limits[$0] != nil || c.requests[$0] != nil } ? "Burstable" : "BestEffort"
    }
}
