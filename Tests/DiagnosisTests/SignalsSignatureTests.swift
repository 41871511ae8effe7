import Foundation
import Testing
@testable import Diagnosis

/// `LogSignatures.scan`: real corpus logs, typical lines of each kind, and look-alike lines that must not match.
@Suite struct SignalsSignatureTests {
    typealias Kind = LogSignature.Kind

    @Test(arguments: [
        ("025-data-on-eks-605-triton-vllm-gated-repo/default/nvidia-triton-server-triton-inference-server-54546fdb86-wh7tb/logs.txt", [Kind.gatedModel]),
        ("029-vllm-23935-nvml-not-found-unspecified-platform-k8s-l4/default/vllm-l4-pod-placeholder/logs.txt", [.noAccelerator]),
        ("004-kube-agents-712-hindsight-liveness-killed-mid-model-load/default/hindsight-api-pod-placeholder/previous-logs.txt", [.terminatedBySignal]),
        ("049-immich-4002-gunicorn-worker-timeout-during-model-download/default/immich-machine-learning-pod-placeholder/logs.txt", [.workerTimeout]),
        // The stored traceback stops before the exception line: only "an exception" can be said.
        ("023-kaito-931-wrong-model-id-crashloop/default/kaito-workspace-pod-placeholder/logs.txt", [.unhandledException]),
        // The NCCL root cause is not in the stored log; the engine's RuntimeError is.
        ("030-hami-1479-vllm-nccl-tcpstore-fails-under-vgpu-plugin/default/vllm-qwen3-tp2-pod-placeholder/logs.txt", [.unhandledException]),
        ("054-kubeflow-bundle-429-seldon-rclone-init-download-fails/default/seldon-mlflow-model-pod-placeholder/logs.txt", [.badArguments]),
        // Nothing explanatory in these bundles' logs.
        ("013-vllm-15997-helm-gguf-keyboardinterrupt-terminated/default/vllm-gguf-pod-placeholder/logs.txt", []),
        ("022-tgi-1687-cuda-oom-in-k8s-pod/default/text-generation-inference/logs.txt", []),
    ])
    func corpusLogs(path: String, kinds: [Kind]) throws {
        let lines = try SignalsCorpus.logLines(path)
        #expect(!lines.isEmpty)
        #expect(LogSignatures.kinds(in: lines) == kinds)
    }

    @Test func corpusEvidenceLinesAreVerbatimAndBounded() throws {
        let lines = try SignalsCorpus.logLines("029-vllm-23935-nvml-not-found-unspecified-platform-k8s-l4/default/vllm-l4-pod-placeholder/logs.txt")
        let sigs = LogSignatures.scan(lines)
        #expect(sigs.count == 3)   // two NVML lines and "No platform detected"
        #expect(sigs.first?.line == "DEBUG 08-29 04:29:54 [__init__.py:82] Exception happens when checking CUDA platform: NVML Shared Library Not Found")
        let gated = LogSignatures.scan(try SignalsCorpus.logLines(
            "025-data-on-eks-605-triton-vllm-gated-repo/default/nvidia-triton-server-triton-inference-server-54546fdb86-wh7tb/logs.txt"))
        #expect(gated.count == 1 && gated[0].line.count <= 300 && gated[0].line.hasPrefix("I0806 21:52:45.863589"))
    }

    @Test(arguments: [
        ("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 224.00 MiB. GPU 0 has a total capacity of 21.96 GiB", Kind.gpuOutOfMemory),
        ("torch.cuda.OutOfMemoryError: HIP out of memory. Tried to allocate 2.00 GiB", .gpuOutOfMemory),
        ("ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.", .gpuOutOfMemory),
        ("huggingface_hub.errors.GatedRepoError: 403 Client Error. (Request ID: Root=1-abc)", .gatedModel),
        ("requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://huggingface.co/meta-llama/Llama-2-7b-hf/resolve/main/config.json", .gatedModel),
        ("Access to model meta-llama/Llama-3.1-8B-Instruct is restricted. You must have access to it and be authenticated to access it.", .gatedModel),
        ("huggingface_hub.errors.RepositoryNotFoundError: 404 Client Error. (Request ID: Root=1-x)", .modelNotFound),
        // Anonymous requests for a missing repo get 401 from the Hub: still a wrong id first.
        ("huggingface_hub.errors.RepositoryNotFoundError: 401 Client Error. (Request ID: Root=1-y)", .modelNotFound),
        ("botocore.exceptions.ClientError: An error occurred (403) when calling the HeadObject operation: Forbidden", .gatedModel),
        ("/bin/sh: line 1:     7 Killed                  python3 -m vllm.entrypoints.openai.api_server", .hostOutOfMemory),
        ("OSError: Phi-3.5-mini-instruct is not a local folder and is not a valid model identifier listed on 'https://huggingface.co/models'", .modelNotFound),
        ("OSError: facebook/opt-125m does not appear to have a file named config.json. Checkout 'https://huggingface.co/facebook/opt-125m/tree/main'", .modelNotFound),
        ("Error: pull model manifest: file does not exist", .modelNotFound),
        ("RuntimeError: Failed to infer device type", .noAccelerator),
        ("RuntimeError: No CUDA GPUs are available", .noAccelerator),
        ("RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver", .noAccelerator),
        ("torch.distributed.DistNetworkError: The client socket has timed out after 600000ms while trying to connect to (10.0.0.1, 29500).", .distributedInitFailure),
        ("RuntimeError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1970, unhandled system error", .distributedInitFailure),
        ("[E socket.cpp:957] [c10d] The client socket has timed out after 600s while trying to connect to (master, 29500).", .distributedInitFailure),
        ("node-0:1:1 [0] include/shm.h:28 NCCL WARN Error while creating shared memory segment /dev/shm/nccl-x (size 9637888)", .sharedMemory),
        ("ERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm).", .sharedMemory),
        ("OSError: [Errno 28] No space left on device: '/root/.cache/huggingface/hub/models--x/blobs/abc.incomplete'", .diskFull),
        ("UserWarning: Not enough free disk space to download the file. The expected file size is: 16060.56 MB.", .diskFull),
        ("MemoryError", .hostOutOfMemory),
        ("terminate called after throwing an instance of 'std::bad_alloc'", .hostOutOfMemory),
        ("numpy.core._exceptions._ArrayMemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000, 2000)", .hostOutOfMemory),
        ("[2024-01-01 10:00:00 +0000] [1] [ERROR] Worker (pid:42) was sent SIGKILL! Perhaps out of memory?", .hostOutOfMemory),
        ("api_server.py: error: unrecognized arguments: --foo", .badArguments),
        ("vllm serve: error: argument --max-model-len: invalid int value: '12k'", .badArguments),
        ("error: unexpected argument '--max-input-length' found", .badArguments),
        ("Error: unknown flag: --network", .badArguments),
        ("KeyboardInterrupt: terminated", .terminatedBySignal),
        ("INFO:     Shutting down", .terminatedBySignal),
        ("INFO 05-01 10:00:00 [launcher.py:80] Shutting down FastAPI HTTP server.", .terminatedBySignal),
        ("INFO:     Finished server process [1]", .terminatedBySignal),
        ("I0101 10:00:00.000 1 server.cc:307] Signal (15) received.", .terminatedBySignal),
        ("[2024-01-01 10:00:00 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:121)", .workerTimeout),
    ])
    func kinds(line: String, kind: Kind) {
        #expect(LogSignatures.scan([line]).map(\.kind) == [kind], "\(line)")
    }

    @Test(arguments: [
        "INFO 10-24 18:12:26 model_runner.py:1067] Loading model weights took 19.8557 GB",
        "INFO 10-24 18:12:30 gpu_executor.py:122] # GPU blocks: 27914, # CPU blocks: 2048",
        "INFO 10-24 18:12:30 worker.py:232] Memory profiling takes 5.12 seconds",
        "[2026-04-10 23:19:05 TP0] Load weight end. elapsed=112.68 s, type=Qwen3ForCausalLM, avail mem=160.78 GB, mem usage=15.50 GB.",
        "Downloading https://mirror.example.com/403/model-00001-of-00004.safetensors",
        "GET /v1/models/403 HTTP/1.1 200 OK",
        "args: --gpu-memory-utilization 0.95 --max-model-len 4096",
        "NCCL version 2.21.5+cuda12.4",
        "node-0:1:1 [0] NCCL INFO Bootstrap : Using eth0:10.0.0.1<0>",
        "INFO 05-01 10:00:00 [shm_broadcast.py:264] vLLM message queue communication handle: Handle(local_reader_ranks=[1])",
        "You are using the default legacy behaviour of the <class 'transformers.models.llama.tokenization_llama_fast.LlamaTokenizerFast'>.",
        "UserWarning: resource_tracker: There appear to be 1 leaked semaphore objects to clean up at shutdown",
        "INFO 05-01 10:00:00 [api_server.py:100] Killed 3 idle connections",
        "INFO:     Application startup complete.",
        "model-00001-of-00004.safetensors: 100%|██████████| 4.98G/4.98G [00:35<00:00, 140MB/s]",
        "the server will be shutting down the old replica after the rollout",
    ])
    func lookAlikesDoNotMatch(line: String) {
        #expect(LogSignatures.scan([line]).isEmpty, "\(line)")
    }

    @Test func tracebackOnlyWhenNothingMoreSpecific() {
        let sigterm = [
            "Traceback (most recent call last):",
            "  File \"/usr/lib/python3.12/asyncio/runners.py\", line 118, in run",
            "KeyboardInterrupt: terminated",
        ]
        #expect(LogSignatures.scan(sigterm).map(\.kind) == [.terminatedBySignal])
        let oom = ["Traceback (most recent call last):", "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.00 GiB"]
        #expect(LogSignatures.scan(oom).map(\.kind) == [.gpuOutOfMemory])
        let bare = ["Traceback (most recent call last):", "  File \"x.py\", line 1", "ValueError: bad"]
        #expect(LogSignatures.scan(bare).map(\.kind) == [.unhandledException, .unhandledException])
    }

    @Test func repeatedLinesAreReportedOnceAndOrderIsKept() {
        let lines = [
            "[CRITICAL] WORKER TIMEOUT (pid:121)",
            "[CRITICAL] WORKER TIMEOUT (pid:121)",
            "OSError: [Errno 28] No space left on device",
        ]
        #expect(LogSignatures.scan(lines).map(\.kind) == [.workerTimeout, .diskFull])
        #expect(LogSignatures.kinds(in: lines) == [.diskFull, .workerTimeout])
    }
}
