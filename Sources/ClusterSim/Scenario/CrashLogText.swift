import Foundation

/// Renders a `CrashLog` into the lines a failing vLLM / huggingface_hub process prints.
enum CrashLogText {
    static let pkg = "/usr/local/lib/python3.12/dist-packages"

    /// - Parameter errorPrefix: the engine's ERROR prefix, e.g. `ERROR 02-07 19:23:57 engine.py:389]`.
    static func lines(_ log: CrashLog, model: String, errorPrefix: String, requestID: String) -> [String] {
        switch log {
        case .lines(let lines): return lines
        case .gatedRepo401: return gated(model: model, requestID: requestID)
        case .cudaOutOfMemory(let tried, let total): return cudaOOM(triedMiB: tried, totalGiB: total, prefix: errorPrefix)
        }
    }

    /// torch's allocator message (c10 `CUDACachingAllocator`), raised while vLLM profiles memory, then the
    /// API server's `RuntimeError: Engine process failed to start`.
    static func cudaOOM(triedMiB: Double, totalGiB: Double, prefix: String) -> [String] {
        let free = 187.56
        let used = totalGiB - 0.19
        let message = String(format: "CUDA out of memory. Tried to allocate %.2f MiB. GPU 0 has a total capacity of %.2f GiB "
            + "of which %.2f MiB is free. Process 77 has %.2f GiB memory in use. Of the allocated memory %.2f GiB is "
            + "allocated by PyTorch, and 112.34 MiB is reserved by PyTorch but unallocated. If reserved but unallocated "
            + "memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  "
            + "See documentation for Memory Management  (https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)",
            triedMiB, totalGiB, free, used, used - 0.3)
        let engineTrace = [
            "Traceback (most recent call last):",
            "  File \"\(pkg)/vllm/engine/multiprocessing/engine.py\", line 380, in run_mp_engine",
            "    engine = MQLLMEngine.from_engine_args(engine_args=engine_args,",
            "  File \"\(pkg)/vllm/engine/llm_engine.py\", line 429, in _initialize_kv_caches",
            "    self.model_executor.determine_num_available_blocks())",
            "  File \"\(pkg)/vllm/worker/worker.py\", line 229, in determine_num_available_blocks",
            "    self.model_runner.profile_run()",
            "  File \"\(pkg)/torch/nn/modules/module.py\", line 1747, in _call_impl",
            "    return forward_call(*args, **kwargs)",
            "torch.OutOfMemoryError: \(message)",
        ]
        return ["\(prefix) \(message)"] + engineTrace.map { "\(prefix) \($0)" } + ["Process SpawnProcess-1:"] + engineTrace + [
            "Traceback (most recent call last):",
            "  File \"<frozen runpy>\", line 198, in _run_module_as_main",
            "  File \"<frozen runpy>\", line 88, in _run_code",
            "  File \"\(pkg)/vllm/entrypoints/openai/api_server.py\", line 911, in <module>",
            "    uvloop.run(run_server(args))",
            "  File \"\(pkg)/vllm/entrypoints/openai/api_server.py\", line 230, in build_async_engine_client_from_engine_args",
            "    raise RuntimeError(",
            "RuntimeError: Engine process failed to start. See stack trace for the root cause.",
        ]
    }

    /// huggingface_hub `hf_raise_for_status` turning a 401 on a gated repository into `GatedRepoError`.
    static func gated(model: String, requestID: String) -> [String] {
        let url = "https://huggingface.co/\(model)/resolve/main/config.json"
        return [
            "Traceback (most recent call last):",
            "  File \"\(pkg)/huggingface_hub/utils/_http.py\", line 406, in hf_raise_for_status",
            "    response.raise_for_status()",
            "  File \"\(pkg)/requests/models.py\", line 1024, in raise_for_status",
            "    raise HTTPError(http_error_msg, response=self)",
            "requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: \(url)",
            "",
            "The above exception was the direct cause of the following exception:",
            "",
            "Traceback (most recent call last):",
            "  File \"\(pkg)/transformers/utils/hub.py\", line 403, in cached_file",
            "    resolved_file = hf_hub_download(",
            "  File \"\(pkg)/huggingface_hub/file_download.py\", line 1484, in _raise_on_head_call_error",
            "    raise head_call_error",
            "  File \"\(pkg)/huggingface_hub/utils/_http.py\", line 423, in hf_raise_for_status",
            "    raise _format(GatedRepoError, message, response) from e",
            "huggingface_hub.errors.GatedRepoError: 401 Client Error. (Request ID: \(requestID))",
            "",
            "Cannot access gated repo for url \(url).",
            "Access to model \(model) is restricted. You must have access to it and be authenticated to access it. Please log in.",
        ]
    }
}
