import Testing
@testable import Diagnosis

/// EventSignals against every kubelet wording in kubernetes-facts §3.4 (several kubelet versions).
@Suite struct EventClassificationTests {
    func classify(_ reason: String?, _ message: String) -> EventSignal {
        EventSignals.classify(EventRecord(involvedObject: ObjectReference(kind: "Pod", name: "p"), reason: reason, message: message))
    }

    @Test(arguments: [
        ("Liveness probe failed: Get \"http://10.42.1.17:8000/health\": dial tcp 10.42.1.17:8000: connect: connection refused",
         ProbeKind.liveness, ProbeOutput.connectionRefused),
        ("Startup probe failed: Get \"http://10.244.0.13:8000/health\": dial tcp 10.244.0.13:8000: connect: connection refused",
         .startup, .connectionRefused),
        ("Liveness probe failed: Get \"http://10.42.1.17:8000/health\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
         .liveness, .timeout),
        ("Readiness probe failed: dial tcp 10.1.2.3:50051: i/o timeout", .readiness, .timeout),
        ("Liveness probe failed: HTTP probe failed with statuscode: 404", .liveness, .httpStatus(404)),
        ("Startup probe failed: HTTP probe failed with statuscode: 503", .startup, .httpStatus(503)),
        ("Liveness probe errored: rpc error: code = Unknown desc = failed to exec", .liveness, .errored("rpc error: code = Unknown desc = failed to exec")),
        ("Liveness probe errored and resulted in unknown state: failed to exec in container", .liveness, .errored("failed to exec in container")),
        ("Readiness probe failed:", .readiness, .other("")),
        ("Liveness probe errored and resulted in failure state: Get \"http://10.0.0.1:8000/health\": context deadline exceeded", .liveness, .timeout),
    ])
    func unhealthyOutputs(message: String, kind: ProbeKind, output: ProbeOutput) {
        #expect(classify("Unhealthy", message) == .unhealthy(kind, output))
        // Pasted tables can lose the reason column: the message alone still classifies.
        #expect(classify(nil, message) == .unhealthy(kind, output))
    }

    @Test func clientErrorsAreOnlyFourHundreds() {
        #expect(ProbeOutput.httpStatus(404).isClientError)
        #expect(ProbeOutput.httpStatus(401).isClientError)
        #expect(!ProbeOutput.httpStatus(503).isClientError)
        #expect(!ProbeOutput.connectionRefused.isClientError)
        #expect(ProbeOutput.connectionRefused.isSlowServerSymptom && ProbeOutput.timeout.isSlowServerSymptom)
        #expect(ProbeOutput.httpStatus(503).isSlowServerSymptom && !ProbeOutput.httpStatus(404).isSlowServerSymptom)
        #expect(!ProbeOutput.errored("x").isSlowServerSymptom)
    }

    @Test func aggregatedMessagesKeepTheirMeaning() {
        let m = "(combined from similar events): Liveness probe failed: Get \"http://10.42.1.17:8000/health\": context deadline exceeded"
        #expect(classify("Unhealthy", m) == .unhealthy(.liveness, .timeout))
        #expect(classify("Killing", "spec.containers{vllm}: Container vllm failed liveness probe, will be restarted") == .killing(.probe(.liveness, willRestart: true)))
        #expect(EventSignals.containerNamed(in: "(combined from similar events): Back-off restarting failed container vllm in pod p_ml(u)") == "vllm")
    }

    @Test func killingWordings() {
        #expect(classify("Killing", "Container vllm failed liveness probe, will be restarted") == .killing(.probe(.liveness, willRestart: true)))
        #expect(classify("Killing", "Container vllm failed startup probe, will be restarted") == .killing(.probe(.startup, willRestart: true)))
        // restartPolicy Never: no ", will be restarted" suffix.
        #expect(classify("Killing", "Container vllm failed liveness probe") == .killing(.probe(.liveness, willRestart: false)))
        #expect(classify("Killing", "Stopping container vllm") == .killing(.stopping))
        #expect(classify("Killing", "Container vllm definition changed, will be restarted") == .killing(.definitionChanged))
        #expect(classify(nil, "Container vllm failed liveness probe, will be restarted") == .killing(.probe(.liveness, willRestart: true)))
    }

    @Test func backOffIsSplitByMessage() {
        #expect(classify("BackOff", "Back-off restarting failed container vllm in pod p_ml(0f6d)") == .crashLoopBackOff)
        #expect(classify("BackOff", "Back-off pulling image \"nvcr.io/nim/meta/llama3-8b-instruct:1.0.0\"") == .imagePullBackOff)
        #expect(classify(nil, "Back-off restarting failed container ollama in pod ollama-7c69fb76f8-dhz7m_ix-ollama(313f)") == .crashLoopBackOff)
    }

    @Test func failedSplitsPullFromStart() {
        #expect(classify("Failed", "Failed to pull image \"x\": failed to copy: httpReadSeeker: failed open: server message: insufficient_scope: authorization failed") == .imagePullFailed)
        #expect(classify("Failed", "Error: ErrImagePull") == .imagePullFailed)
        #expect(classify("Failed", "Error: ImagePullBackOff") == .imagePullFailed)
        #expect(classify("Failed", "Error: failed to create containerd task: OCI runtime create failed: exec: \"--network=host\": executable file not found in $PATH: unknown") == .startFailed)
        #expect(classify(nil, "Error: failed to create containerd task: runc create failed") == .startFailed)
    }

    @Test func lifecycleWordingsAcrossVersions() {
        #expect(classify("Created", "Created container vllm") == .created)       // ≤1.31
        #expect(classify("Created", "Created container: vllm") == .created)      // 1.32
        #expect(classify("Created", "Container created") == .created)           // 1.35+
        #expect(classify(nil, "Created container: vllm") == .created)
        #expect(classify(nil, "Container created") == .created)
        #expect(classify("Started", "Started container vllm") == .started)
        #expect(classify(nil, "Container started") == .started)
        #expect(classify("Pulled", "Container image \"x\" already present on machine and can be accessed by the pod") == .pulled)
        #expect(classify(nil, "Successfully pulled image \"x\" in 4m47.129s (5m3.623s including waiting). Image size: 1 bytes.") == .pulled)
        #expect(classify("Pulling", "Pulling image \"x\"") == .pulling)
    }

    @Test func nodeAndControllerReasons() {
        #expect(classify("Evicted", "The node was low on resource: ephemeral-storage.") == .evicted)
        #expect(classify("OOMKilling", "Memory cgroup out of memory: Killed process 4242 (python3)") == .nodeOOMKilling)
        #expect(classify("FailedMount", "MountVolume.SetUp failed for volume \"cache\"") == .failedMount)
        #expect(classify("FailedScheduling", "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.") == .failedScheduling)
        #expect(classify("RecreateGroup", "Worker pod lws-0-1 failed, deleted leader pod lws-0 to recreate group 0") == .recreateGroup)
        #expect(classify("Scheduled", "Successfully assigned ml/p to node") == .other)
    }

    @Test func containerNamedInMessages() {
        #expect(EventSignals.containerNamed(in: "Back-off restarting failed container ollama in pod o_ns(u)") == "ollama")
        #expect(EventSignals.containerNamed(in: "Container vllm failed liveness probe, will be restarted") == "vllm")
        #expect(EventSignals.containerNamed(in: "Created container: vllm") == "vllm")
        #expect(EventSignals.containerNamed(in: "Container created") == nil)
        #expect(EventSignals.containerNamed(in: "Container image \"x\" already present on machine") == nil)
    }
}
