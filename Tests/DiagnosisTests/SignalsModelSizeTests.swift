import Foundation
import Testing
@testable import Diagnosis

/// `ModelSize`: parameter counts from ids, where the id is found, quantisation, and what is a model server.
@Suite struct SignalsModelSizeTests {
    @Test(arguments: [
        ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", 8.0), ("deepseek-r1-distill-llama-8b", 8),
        ("meta-llama/Llama-3.1-8B-Instruct", 8), ("meta-llama/Meta-Llama-3.1-70B-Instruct", 70),
        ("Qwen/Qwen2.5-1.5B-Instruct", 1.5), ("Qwen/Qwen2.5-0.5b", 0.5), ("qwen3-32b", 32), ("Qwen/Qwen3-30B-A3B", 30),
        ("facebook/opt-125m", 0.125), ("mistralai/Mistral-7B-v0.3", 7), ("TheBloke/Mistral-7b-instruct-v0.1-AWQ", 7),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", 56), ("macadeliccc/laser-dolphin-mixtral-2x7b-dpo", 14),
        ("llama3.1:8b", 8), ("google/gemma-3n-E4B-it", 4), ("openai/gpt-oss-20b", 20), ("Llama-3.1-405B", 405),
        ("HuggingFaceTB/SmolLM2-135M-Instruct", 0.135),
    ])
    func parameterCounts(id: String, billions: Double) throws {
        let p = try #require(ModelSize.parameters(in: id))
        #expect(abs(p - billions) < 1e-9, "\(id)")
    }

    @Test(arguments: ["meta-llama/Meta-Llama-3-Instruct", "mistralai/Mistral-v0.3", "deepseek-ai/DeepSeek-R1",
                      "BAAI/bge-base-en-v1.5", "/mnt/models", "microsoft/Phi-3.5-mini-instruct", "llama3", "Qwen/Qwen2.5-VL"])
    func noSizeInName(id: String) {
        #expect(ModelSize.parameters(in: id) == nil, "\(id)")
    }

    @Test(arguments: [
        ("TheBloke/Llama-2-7B-AWQ", 0.55), ("Llama-3-8B-GPTQ-Int4", 0.55), ("unsloth/llama-3-8b-bnb-4bit", 0.55),
        ("Llama-3.1-8B-Instruct-Q4_K_M.gguf", 0.6), ("Llama-3.1-8B-Instruct-Q8_0.gguf", 1.06),
        ("neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8", 1.0), ("RedHatAI/Qwen3-8B-quantized.w8a8", 1.0),
    ])
    func quantisationHints(id: String, bpp: Double) {
        #expect(ModelSize.quantisationBytesPerParameter(id) == bpp, "\(id)")
    }

    @Test func noQuantisationHint() {
        #expect(ModelSize.quantisationBytesPerParameter("meta-llama/Llama-3.1-8B-Instruct") == nil)
        #expect(ModelSize.quantisationBytesPerParameter("Qwen/Qwen2.5-14B") == nil)
    }

    @Test func whereTheModelIsFound() throws {
        func est(_ c: Container) throws -> ModelEstimate { try #require(ModelSize.estimate(for: c)) }
        let vllmModule = Container(name: "v", image: "vllm/vllm-openai:v0.7.1",
                                   command: ["python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "meta-llama/Llama-3.1-8B-Instruct"])
        #expect(try est(vllmModule).foundIn == "args --model")
        #expect(try est(vllmModule).bytes == 16e9)
        let equals = Container(name: "v", args: ["--model=Qwen/Qwen3-32B", "--tensor-parallel-size=2"])
        #expect(try est(equals).modelID == "Qwen/Qwen3-32B")
        let serve = Container(name: "v", command: ["vllm", "serve", "Qwen/Qwen2.5-7B-Instruct-AWQ", "--port", "8000"])
        let s = try est(serve)
        #expect(s.foundIn == "vllm serve positional" && s.parametersBillion == 7 && s.bytes == 7e9 * 0.55)
        let quantFlag = Container(name: "v", args: ["--model", "meta-llama/Llama-3.1-70B-Instruct", "--quantization", "fp8"])
        #expect(try est(quantFlag).bytes == 70e9)
        let sglang = Container(name: "s", command: ["python3", "-m", "sglang.launch_server", "--model-path", "Qwen/Qwen3-8B"])
        #expect(try est(sglang).foundIn == "args --model-path")
        let tgiEnv = Container(name: "t", image: "ghcr.io/huggingface/text-generation-inference:2.2", env: [EnvVar(name: "MODEL_ID", value: "mistralai/Mistral-7B-v0.3")])
        #expect(try est(tgiEnv).foundIn == "env MODEL_ID")
        let tgiArg = Container(name: "t", args: ["--model-id", "$(MODEL_ID)"], env: [EnvVar(name: "MODEL_ID", value: "bigscience/bloom-560m")])
        #expect(try est(tgiArg).parametersBillion == 0.56)
        let shell = Container(name: "v", command: ["/bin/sh", "-c"],
                              args: ["vllm serve mistralai/Mistral-7B-v0.3 --port 8000 --trust-remote-code"])
        #expect(try est(shell).modelID == "mistralai/Mistral-7B-v0.3")
        let script = Container(name: "s", command: ["/bin/bash", "-c"],
                               args: ["python3 -m sglang.launch_server \\\n  --model \"$MODEL\" \\\n  --tp 8\n"],
                               env: [EnvVar(name: "MODEL", value: "deepseek-ai/DeepSeek-V3")])
        let sc = try est(script)
        #expect(sc.modelID == "deepseek-ai/DeepSeek-V3" && sc.parametersBillion == nil && sc.bytes == nil)
        let ollama = Container(name: "o", image: "ollama/ollama", command: ["/bin/sh", "-c"],
                               args: ["ollama serve & sleep 5 && ollama pull llama3.1:70b && wait"])
        #expect(try est(ollama).modelID == "llama3.1:70b")
        let llamaCpp = Container(name: "l", image: "ghcr.io/ggml-org/llama.cpp:server",
                                 command: ["/app/llama-server", "-m", "/models/Llama-3.1-8B-Instruct-Q4_K_M.gguf"])
        let lc = try est(llamaCpp)
        #expect(lc.isLocalPath && lc.bytes == 8e9 * 0.6)
        #expect(ModelSize.estimate(for: Container(name: "x", image: "nginx:1.27")) == nil)
        #expect(ModelSize.estimate(for: Container(name: "x", args: ["--model", "{{ .Values.model }}"])) == nil)
    }

    @Test func bytesPerParameterDefaultCanBeChanged() throws {
        let c = Container(name: "v", args: ["--model", "meta-llama/Llama-3.1-8B"])
        #expect(try #require(ModelSize.estimate(for: c, bytesPerParameter: 1)).bytes == 8e9)
    }

    @Test(arguments: [
        Container(name: "vllm", image: "vllm/vllm-openai:v0.11.0"),
        Container(name: "sglang", image: "docker.io/lmsysorg/sglang:latest"),
        Container(name: "tgi", image: "ghcr.io/huggingface/text-generation-inference:3.0.1"),
        Container(name: "tei", image: "ghcr.io/huggingface/text-embeddings-inference:cpu-1.5"),
        Container(name: "triton", image: "nvcr.io/nvidia/tritonserver:24.05-trtllm-python-py3"),
        Container(name: "ollama", image: "ollama/ollama:0.3.6"),
        Container(name: "kserve-container", image: "kserve/huggingfaceserver:v0.15.0"),
        Container(name: "llama", image: "ghcr.io/ggml-org/llama.cpp:server-cuda"),
        Container(name: "lmdeploy", image: "openmmlab/lmdeploy:latest"),
        Container(name: "nim", image: "nvcr.io/nim/meta/llama-3.1-8b-instruct:1.1.2"),
        Container(name: "llmd", image: "ghcr.io/llm-d/llm-d-cuda:v0.5.0"),
        Container(name: "engine", image: "lmcache/vllm-openai:latest", command: ["vllm", "serve", "mistralai/Mistral-7B-Instruct-v0.2"]),
        Container(name: "custom", image: "registry.example.com/team/app:1", command: ["python", "serve.py", "--model-id", "org/m-7b"]),
    ])
    func modelServers(_ c: Container) {
        #expect(ModelSize.isModelServer(c), "\(c.name)")
    }

    @Test(arguments: [
        Container(name: "podinfo", image: "ghcr.io/stefanprodan/podinfo:6.14.1"),
        Container(name: "mysql", image: "mysql:5.7"),
        Container(name: "nginx", image: "nginx:1.27"),
        Container(name: "redis", image: "redis:7"),
        // production-stack router and LMCache server (helm/templates/deployment-router.yaml, deployment-cache-server.yaml).
        Container(name: "router-container", image: "lmcache/lmstack-router:latest",
                  args: ["--host", "0.0.0.0", "--port", "80", "--service-discovery", "k8s", "--routing-logic", "roundrobin"],
                  env: [EnvVar(name: "VLLM_API_KEY")]),
        Container(name: "lmcache-server", image: "lmcache/vllm-openai:latest", command: ["/opt/venv/bin/lmcache_v0_server", "0.0.0.0", "8000"]),
        Container(name: "sidecar", image: "ghcr.io/llm-d/llm-d-routing-sidecar:v0.2.0"),
        Container(name: "epp", image: "ghcr.io/llm-d/llm-d-inference-scheduler:v0.2.0"),
        Container(name: "init", image: "busybox:latest", command: ["sh", "-c", "until [ -f /data/done ]; do sleep 5; done"]),
    ])
    func notModelServers(_ c: Container) {
        #expect(!ModelSize.isModelServer(c), "\(c.name)")
    }
}
