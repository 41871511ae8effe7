import Foundation

/// Realistic ~10 KB vLLM model-server pods as JSON (swift-libcurl-notes §2 breakdown: metadata with
/// labels, annotations, an ownerReference and managedFields; spec with two containers, env, probes,
/// GPU limits and volumes; status with conditions and container statuses).
struct PodGenerator: Sendable {
    var namespaces = ["inference-a", "inference-b", "inference-c", "inference-d"]

    func namespace(_ i: Int) -> String { namespaces[i % namespaces.count] }
    func name(_ i: Int) -> String { "llama-70b-\(String(i / 5, radix: 36))-\(String(i, radix: 36))" }

    /// Pod `i` at `version`: every version restarts the vllm container once more (a new lastState).
    func pod(_ i: Int, version: Int, healthy: Bool = false) -> Data {
        let ns = namespace(i), name = name(i)
        let rs = "llama-70b-\(String(i / 5, radix: 36))"
        let second = String(format: "%02d", version % 60), minute = String(format: "%02d", (version / 60) % 60)
        let t = "2026-11-29T10:\(minute):\(second)Z"
        let metadata = """
        {"name":"\(name)","generateName":"\(rs)-","namespace":"\(ns)","uid":"\(uid(i))","creationTimestamp":"2026-11-29T09:00:00Z",\
        "labels":{"app":"vllm","app.kubernetes.io/name":"vllm","app.kubernetes.io/instance":"\(rs)","app.kubernetes.io/component":"model-server",\
        "app.kubernetes.io/part-of":"inference","app.kubernetes.io/managed-by":"helm","model":"meta-llama-3-70b-instruct","pod-template-hash":"7c9f8d6b5",\
        "tier":"gpu","team":"ml-platform"},\
        "annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"8000","prometheus.io/path":"/metrics",\
        "kubectl.kubernetes.io/default-container":"vllm","cluster-autoscaler.kubernetes.io/safe-to-evict":"false",\
        "checksum/config":"4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f","helm.sh/revision":"42"},\
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"\(rs)","uid":"\(uid(i / 5 + 1_000_000))","controller":true,"blockOwnerDeletion":true}],\
        "managedFields":[\(managedFields(t))]}
        """
        return Data("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":\(metadata),\"spec\":\(spec(i)),\"status\":\(status(i, version: version, t: t, healthy: healthy))}".utf8)
    }

    private func uid(_ i: Int) -> String {
        let h = String(i, radix: 16)
        return "5f0c2a1e-7b3d-4c8e-9a6f-" + String(repeating: "0", count: max(0, 12 - h.count)) + h
    }

    private func managedFields(_ t: String) -> String {
        let probe = #"{".":{},"f:failureThreshold":{},"f:httpGet":{".":{},"f:path":{},"f:port":{},"f:scheme":{}},"f:initialDelaySeconds":{},"f:periodSeconds":{},"f:successThreshold":{},"f:timeoutSeconds":{}}"#
        let env = ["HF_HOME", "HUGGING_FACE_HUB_TOKEN", "VLLM_PORT", "POD_NAME", "MODEL_ID", "TENSOR_PARALLEL", "NCCL_DEBUG"]
            .map { "\"k:{\\\"name\\\":\\\"\($0)\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}}" }.joined(separator: ",")
        let controller = """
        {"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"2026-11-29T09:00:00Z","fieldsType":"FieldsV1",\
        "fieldsV1":{"f:metadata":{"f:generateName":{},"f:labels":{".":{},"f:app":{},"f:model":{},"f:pod-template-hash":{},"f:tier":{},"f:team":{}},\
        "f:ownerReferences":{".":{},"k:{\\"uid\\":\\"x\\"}":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"vllm\\"}":{".":{},"f:args":{},\
        "f:env":{".":{},\(env)},"f:image":{},"f:imagePullPolicy":{},"f:livenessProbe":\(probe),"f:name":{},"f:ports":{},\
        "f:readinessProbe":\(probe),"f:resources":{".":{},"f:limits":{".":{},"f:cpu":{},"f:memory":{},"f:nvidia.com/gpu":{}},\
        "f:requests":{".":{},"f:cpu":{},"f:memory":{},"f:nvidia.com/gpu":{}}},"f:startupProbe":\(probe),"f:volumeMounts":{}},\
        "k:{\\"name\\":\\"metrics\\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{}}},"f:dnsPolicy":{},"f:nodeSelector":{},\
        "f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{},"f:tolerations":{},"f:volumes":{}}}}
        """
        let kubelet = """
        {"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"\(t)","fieldsType":"FieldsV1","subresource":"status",\
        "fieldsV1":{"f:status":{"f:conditions":{"k:{\\"type\\":\\"ContainersReady\\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},\
        "f:message":{},"f:reason":{},"f:status":{},"f:type":{}},"k:{\\"type\\":\\"Initialized\\"}":{".":{},"f:lastProbeTime":{},\
        "f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\\"type\\":\\"PodReadyToStartContainers\\"}":{".":{},"f:lastProbeTime":{},\
        "f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\\"type\\":\\"Ready\\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},\
        "f:message":{},"f:reason":{},"f:status":{},"f:type":{}}},"f:containerStatuses":{},"f:hostIP":{},"f:hostIPs":{},"f:phase":{},\
        "f:podIP":{},"f:podIPs":{".":{},"k:{\\"ip\\":\\"10.8.3.17\\"}":{".":{},"f:ip":{}}},"f:startTime":{}}}}
        """
        return controller + "," + kubelet
    }

    private func spec(_ i: Int) -> String {
        let probe = { (path: String, period: Int, failure: Int) in
            "{\"httpGet\":{\"path\":\"\(path)\",\"port\":8000,\"scheme\":\"HTTP\"},\"initialDelaySeconds\":0,\"timeoutSeconds\":1,\"periodSeconds\":\(period),\"successThreshold\":1,\"failureThreshold\":\(failure)}"
        }
        let vllm = """
        {"name":"vllm","image":"vllm/vllm-openai:v0.6.4","args":["--model","meta-llama/Meta-Llama-3-70B-Instruct","--tensor-parallel-size","4",\
        "--max-model-len","8192","--gpu-memory-utilization","0.92","--port","8000"],"ports":[{"name":"http","containerPort":8000,"protocol":"TCP"}],\
        "env":[{"name":"HF_HOME","value":"/models/hf"},{"name":"HUGGING_FACE_HUB_TOKEN","valueFrom":{"secretKeyRef":{"name":"hf-token","key":"token"}}},\
        {"name":"VLLM_PORT","value":"8000"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},\
        {"name":"MODEL_ID","value":"meta-llama/Meta-Llama-3-70B-Instruct"},{"name":"TENSOR_PARALLEL","value":"4"},{"name":"NCCL_DEBUG","value":"WARN"}],\
        "resources":{"limits":{"cpu":"16","memory":"200Gi","nvidia.com/gpu":"4"},"requests":{"cpu":"8","memory":"180Gi","nvidia.com/gpu":"4"}},\
        "volumeMounts":[{"name":"models","mountPath":"/models"},{"name":"dshm","mountPath":"/dev/shm"},\
        {"name":"kube-api-access-x7k2p","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],\
        "livenessProbe":\(probe("/health", 10, 3)),"readinessProbe":\(probe("/health", 5, 3)),"startupProbe":\(probe("/health", 10, 30)),\
        "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"FallbackToLogsOnError","imagePullPolicy":"IfNotPresent",\
        "securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"runAsNonRoot":true,"runAsUser":1000}}
        """
        let metrics = """
        {"name":"metrics","image":"prom/statsd-exporter:v0.26.1","ports":[{"name":"metrics","containerPort":9102,"protocol":"TCP"}],\
        "resources":{"limits":{"cpu":"100m","memory":"64Mi"},"requests":{"cpu":"50m","memory":"32Mi"}},\
        "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}
        """
        return """
        {"volumes":[{"name":"models","persistentVolumeClaim":{"claimName":"model-cache-\(i % 64)"}},{"name":"dshm","emptyDir":{"medium":"Memory","sizeLimit":"16Gi"}},\
        {"name":"kube-api-access-x7k2p","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},\
        {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace",\
        "fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}}],\
        "containers":[\(vllm),\(metrics)],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",\
        "nodeSelector":{"nvidia.com/gpu.product":"NVIDIA-A100-SXM4-80GB"},"serviceAccountName":"default","nodeName":"gpu-node-\(i % 97)",\
        "securityContext":{"fsGroup":1000},"schedulerName":"default-scheduler",\
        "tolerations":[{"key":"nvidia.com/gpu","operator":"Exists","effect":"NoSchedule"},\
        {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],"priority":0}
        """
    }

    private func status(_ i: Int, version: Int, t: String, healthy: Bool) -> String {
        let cond = { (type: String, status: String) in
            "{\"type\":\"\(type)\",\"status\":\"\(status)\",\"lastProbeTime\":null,\"lastTransitionTime\":\"\(t)\"}"
        }
        let last = version == 0 ? "{}" : """
        {"terminated":{"exitCode":137,"reason":"Error","startedAt":"2026-11-29T09:00:00Z","finishedAt":"\(t)",\
        "containerID":"containerd://\(String(repeating: "ab", count: 28))\(String(format: "%08x", version))"}}
        """
        let state = healthy ? #"{"running":{"startedAt":"2026-11-29T09:00:05Z"}}"#
            : "{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 5m0s restarting failed container=vllm pod=\(name(i))\"}}"
        let ready = healthy ? "True" : "False"
        return """
        {"phase":"Running","conditions":[\(cond("PodReadyToStartContainers", "True")),\(cond("Initialized", "True")),\
        \(cond("Ready", ready)),\(cond("ContainersReady", ready)),\(cond("PodScheduled", "True"))],\
        "hostIP":"10.0.\(i % 250).\(i % 97)","hostIPs":[{"ip":"10.0.\(i % 250).\(i % 97)"}],"podIP":"10.8.3.17","podIPs":[{"ip":"10.8.3.17"}],\
        "startTime":"2026-11-29T09:00:00Z","containerStatuses":[\
        {"name":"vllm","state":\(state),\
        "lastState":\(last),"ready":\(healthy),"restartCount":\(version),"image":"docker.io/vllm/vllm-openai:v0.6.4",\
        "imageID":"docker.io/vllm/vllm-openai@sha256:\(String(repeating: "9f", count: 32))","containerID":"containerd://\(String(repeating: "cd", count: 32))","started":false},\
        {"name":"metrics","state":{"running":{"startedAt":"2026-11-29T09:00:05Z"}},"lastState":{},"ready":true,"restartCount":0,\
        "image":"docker.io/prom/statsd-exporter:v0.26.1","imageID":"docker.io/prom/statsd-exporter@sha256:\(String(repeating: "1e", count: 32))",\
        "containerID":"containerd://\(String(repeating: "ef", count: 32))","started":true}],"qosClass":"Burstable"}
        """
    }
}
