import Testing
@testable import Diagnosis

@Suite struct RemediationRenderingTests {
    @Test func yamlSnippetOfADeploymentPatch() throws {
        let r = try #require(RemediationPlanner.plan(containerName: "vllm", pod: PlannerFixtures.pod(),
                                                     owners: [WorkloadRef(kind: "Deployment", name: "llama-8b")],
                                                     need: PlannerFixtures.need, cache: PlannerFixtures.noCache,
                                                     settings: DiagnosisSettings()))
        #expect(r.patch?.yaml == """
            spec:
              template:
                spec:
                  containers:
                  - name: vllm
                    startupProbe:
                      failureThreshold: 62
                      httpGet:
                        path: /health
                        port: 8000
                        scheme: HTTP
                      periodSeconds: 10
                      timeoutSeconds: 5

            """)
    }

    @Test func yamlQuotesWhatWouldChangeType() {
        #expect(Rendering.yamlString("/health") == "/health")
        #expect(Rendering.yamlString("8000") == "\"8000\"")
        #expect(Rendering.yamlString("on") == "\"on\"")
        #expect(Rendering.yamlString("a: b") == "\"a: b\"")
        #expect(Rendering.yamlString("{{ if .TLS }}HTTPS{{end}}") == "\"{{ if .TLS }}HTTPS{{end}}\"")
        #expect(Rendering.yaml(.object(["command": .array([.string("sh"), .string("-c"), .string("x 'y'")])])) == """
            command:
            - sh
            - "-c"
            - "x 'y'"

            """)
    }

    @Test func shellAndPointerQuoting() {
        #expect(Rendering.shellQuote("it's") == "'it'\\''s'")
        #expect(Rendering.shellArg("llama-8b") == "llama-8b")
        #expect(Rendering.shellArg("a b") == "'a b'")
        #expect(PatchBuilder.pointer(["spec", "a/b", "c~d"]) == "/spec/a~1b/c~0d")
    }

    @Test func compactJSONIsSortedAndUnescaped() {
        let v: JSONValue = .object(["b": .number(1), "a": .string("/x"), "c": .array([.bool(true), .null])])
        #expect(Rendering.compactJSON(v) == "{\"a\":\"/x\",\"b\":1,\"c\":[true,null]}")
    }

    @Test func clusterScopedRuntimeHasNoNamespaceFlag() {
        let line = PatchBuilder.kubectl(WorkloadRef(kind: "ClusterServingRuntime", name: "kserve-vllmserver", namespace: "x"),
                                        type: .json, body: "[]")
        #expect(line == "kubectl patch clusterservingruntime kserve-vllmserver --type=json -p '[]'")
    }
}
