import Foundation

/// Wire-format JSON for the Namespace, Deployment and ReplicaSet of a scenario, and the shared pod spec.
enum ObjectDocuments {
    typealias JSON = [String: Any]

    static func ownerRef(kind: String, apiVersion: String, name: String, uid: String) -> JSON {
        ["apiVersion": apiVersion, "kind": kind, "name": name, "uid": uid, "controller": true, "blockOwnerDeletion": true]
    }

    static func labels(_ s: Scenario) -> [String: String] {
        s.extraLabels.merging(["app": s.deploymentName]) { _, new in new }
    }

    static func templateLabels(_ s: Scenario, hash: String) -> [String: String] {
        labels(s).merging(["pod-template-hash": hash]) { _, new in new }
    }

    static func namespace(_ s: Scenario, uid: String, created: Date) -> JSON {
        ["kind": "Namespace", "apiVersion": "v1",
         "metadata": ["name": s.namespace, "uid": uid, "creationTimestamp": SimFormat.rfc3339(created),
                      "labels": ["kubernetes.io/metadata.name": s.namespace]],
         "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"]]
    }

    static func deployment(_ s: Scenario, ids: ScenarioIdentity, created: Date, readyReplicas: Int) -> JSON {
        let meta: JSON = ["name": s.deploymentName, "namespace": s.namespace, "uid": ids.deploymentUID,
                          "generation": 1, "labels": labels(s), "creationTimestamp": SimFormat.rfc3339(created),
                          "annotations": ["deployment.kubernetes.io/revision": "1"]]
        let spec: JSON = [
            "replicas": s.replicas, "selector": ["matchLabels": labels(s)], "revisionHistoryLimit": 10,
            "progressDeadlineSeconds": 600,
            "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]],
            "template": ["metadata": ["labels": labels(s)], "spec": podSpec(s, defaultRequests: false)],
        ]
        var status: JSON = ["observedGeneration": 1, "replicas": s.replicas, "updatedReplicas": s.replicas]
        if readyReplicas > 0 { status["readyReplicas"] = readyReplicas; status["availableReplicas"] = readyReplicas }
        if s.replicas - readyReplicas > 0 { status["unavailableReplicas"] = s.replicas - readyReplicas }
        return ["kind": "Deployment", "apiVersion": "apps/v1", "metadata": meta, "spec": spec, "status": status]
    }

    static func replicaSet(_ s: Scenario, ids: ScenarioIdentity, created: Date, readyReplicas: Int) -> JSON {
        let meta: JSON = [
            "name": ids.replicaSetName, "namespace": s.namespace, "uid": ids.replicaSetUID, "generation": 1,
            "labels": templateLabels(s, hash: ids.templateHash), "creationTimestamp": SimFormat.rfc3339(created),
            "annotations": ["deployment.kubernetes.io/revision": "1",
                            "deployment.kubernetes.io/desired-replicas": String(s.replicas)],
            "ownerReferences": [ownerRef(kind: "Deployment", apiVersion: "apps/v1", name: s.deploymentName, uid: ids.deploymentUID)],
        ]
        let selector = templateLabels(s, hash: ids.templateHash)
        let spec: JSON = ["replicas": s.replicas, "selector": ["matchLabels": selector],
                          "template": ["metadata": ["labels": selector], "spec": podSpec(s, defaultRequests: false)]]
        var status: JSON = ["replicas": s.replicas, "fullyLabeledReplicas": s.replicas, "observedGeneration": 1]
        if readyReplicas > 0 { status["readyReplicas"] = readyReplicas; status["availableReplicas"] = readyReplicas }
        return ["kind": "ReplicaSet", "apiVersion": "apps/v1", "metadata": meta, "spec": spec, "status": status]
    }

    /// The pod spec; `defaultRequests` applies the API's pod defaulting of requests from limits
    /// (why: `pkg/apis/core/v1/defaults.go` `SetDefaults_Pod` copies limits into missing requests).
    static func podSpec(_ s: Scenario, defaultRequests: Bool) -> JSON {
        let c = s.container
        let requests = defaultRequests ? c.limits.merging(c.requests) { _, explicit in explicit } : c.requests
        var resources: JSON = [:]
        if !c.limits.isEmpty { resources["limits"] = c.limits }
        if !requests.isEmpty { resources["requests"] = requests }
        var container: JSON = [
            "name": c.name, "image": c.image, "imagePullPolicy": c.imagePullPolicy, "resources": resources,
            "ports": c.ports.map { ["containerPort": $0, "protocol": "TCP"] },
            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        ]
        if !c.command.isEmpty { container["command"] = c.command }
        if !c.args.isEmpty { container["args"] = c.args }
        if let p = c.livenessProbe { container["livenessProbe"] = probe(p) }
        if let p = c.readinessProbe { container["readinessProbe"] = probe(p) }
        if let p = c.startupProbe { container["startupProbe"] = probe(p) }
        if !c.volumeMounts.isEmpty { container["volumeMounts"] = c.volumeMounts.map { ["name": $0.name, "mountPath": $0.mountPath] } }
        var spec: JSON = [
            "containers": [container], "restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
            "schedulerName": "default-scheduler", "terminationGracePeriodSeconds": s.terminationGracePeriodSeconds,
            "serviceAccountName": "default", "securityContext": [String: Any](),
        ]
        if !s.volumes.isEmpty { spec["volumes"] = s.volumes.map(volume) }
        return spec
    }

    static func probe(_ p: ProbeSpec) -> JSON {
        var out: JSON = ["initialDelaySeconds": p.initialDelaySeconds, "timeoutSeconds": p.timeoutSeconds,
                         "periodSeconds": p.periodSeconds, "successThreshold": p.successThreshold,
                         "failureThreshold": p.failureThreshold]
        switch p.handler {
        case .httpGet(let path, let port): out["httpGet"] = ["path": path, "port": port, "scheme": "HTTP"]
        case .tcpSocket(let port): out["tcpSocket"] = ["port": port]
        }
        if let g = p.terminationGracePeriodSeconds { out["terminationGracePeriodSeconds"] = g }
        return out
    }

    static func volume(_ v: VolumeSpec) -> JSON {
        switch v.source {
        case .persistentVolumeClaim(let claim): return ["name": v.name, "persistentVolumeClaim": ["claimName": claim]]
        case .emptyDir(let medium):
            return ["name": v.name, "emptyDir": medium.map { ["medium": $0] } ?? [String: Any]()]
        }
    }

    static func encode(_ json: JSON) -> Data {
        // Sorted keys keep the bytes identical for identical states (determinism tests compare actions).
        (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
