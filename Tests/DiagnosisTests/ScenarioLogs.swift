/// Log tails of the scenario fixtures, in the forms real servers print (../shared/corpus/download-log-lines.json).
enum ScenarioLogs {
    /// vLLM 0.7 downloading DeepSeek-R1-Distill-Llama-8B (2 safetensors files, 16.06 GB) with huggingface_hub,
    /// non-TTY tqdm form, killed ~135 s in at ~70 MB/s aggregate.
    static let quickstartDownload = [
        "INFO 06-01 10:00:04 api_server.py:838] vLLM API server version 0.7.1",
        "INFO 06-01 10:00:04 api_server.py:839] args: Namespace(host='0.0.0.0', port=8000, model='deepseek-ai/DeepSeek-R1-Distill-Llama-8B')",
        "INFO 06-01 10:00:19 weight_utils.py:252] Using model weights format ['*.safetensors']",
        "model-00001-of-000002.safetensors:  10% 870M/8.67G [00:25<03:43, 34.9MB/s]",
        "model-00002-of-000002.safetensors:  12% 870M/7.39G [00:25<03:06, 35.0MB/s]",
        "model-00001-of-000002.safetensors:  30% 2.62G/8.67G [01:15<02:53, 35.0MB/s]",
        "model-00002-of-000002.safetensors:  35% 2.62G/7.39G [01:15<02:16, 35.0MB/s]",
        "model-00001-of-000002.safetensors:  47% 4.11G/8.67G [01:58<02:10, 35.0MB/s]",
        "model-00002-of-000002.safetensors:  56% 4.11G/7.39G [01:58<01:34, 35.0MB/s]",
    ]
    /// Aggregate download need of the fixture: 16.06 GB at 70 MB/s ≈ 229 s, plus ~60 s to load 8B weights.
    static let quickstartTrueNeedSeconds = 289.0

    /// vLLM loading a large checkpoint from a warm PVC cache, killed by its startup probe mid-load.
    static let largeLoad = [
        "INFO 06-01 10:00:04 api_server.py:838] vLLM API server version 0.8.5",
        "INFO 06-01 10:00:31 weight_utils.py:265] Using model weights format ['*.safetensors']",
        "Loading safetensors checkpoint shards:   0% Completed | 0/163 [00:00<?, ?it/s]",
        "Loading safetensors checkpoint shards:  28% Completed | 46/163 [01:31<03:51,  1.98s/it]",
        "Loading safetensors checkpoint shards:  58% Completed | 95/163 [03:06<02:14,  1.98s/it]",
        "Loading safetensors checkpoint shards:  81% Completed | 132/163 [04:21<01:01,  1.98s/it]",
    ]
    /// 31 s to start + 163 shards × 1.98 s ≈ 354 s of load.
    static let largeLoadTrueNeedSeconds = 354.0

    /// A vLLM server that had been serving, then hung under load.
    static let serving = [
        "INFO 06-01 10:03:05 launcher.py:26] Available routes are:",
        "INFO:     Started server process [1]",
        "INFO:     Waiting for application startup.",
        "INFO:     Application startup complete.",
        "INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)",
        "INFO:     10.42.1.1:51234 - \"POST /v1/chat/completions HTTP/1.1\" 200 OK",
        "INFO 06-01 11:20:41 metrics.py:455] Avg prompt throughput: 9120.4 tokens/s, Running: 256 reqs, Pending: 1873 reqs",
    ]

    /// vLLM failing with CUDA out of memory on a 16 GB V100 (aibrix#1054).
    static let cudaOOM = [
        "INFO 06-01 10:00:04 api_server.py:838] vLLM API server version 0.7.1",
        "INFO 06-01 10:00:30 model_runner.py:1115] Loading model weights took 14.9889 GB",
        "ERROR 06-01 10:00:39 engine.py:448] CUDA out of memory. Tried to allocate 96.00 MiB. GPU 0 has a total capacity of 15.77 GiB of which 64.44 MiB is free.",
        "Traceback (most recent call last):",
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 96.00 MiB. GPU 0 has a total capacity of 15.77 GiB of which 64.44 MiB is free.",
    ]

    /// huggingface_hub refusing a gated repository without a token.
    static let gated = [
        "INFO 06-01 10:00:04 api_server.py:838] vLLM API server version 0.7.1",
        "Traceback (most recent call last):",
        "huggingface_hub.errors.GatedRepoError: 401 Client Error. (Request ID: Root=1-6650e5a8-1b2c3d4e5f)",
        "Cannot access gated repo for url https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json.",
        "Access to model meta-llama/Llama-3.1-8B-Instruct is restricted. You must have access to it and be authenticated to access it. Please log in.",
    ]
}
