/// The patterns behind `LogSignatures`, most specific first: a line matching several takes the first kind.
enum SignatureRules {
    private static let rules: [(LogSignature.Kind, SignalRegex)] = [
        // /dev/shm exhaustion also says "No space left on device" or comes through NCCL: check it first.
        (.sharedMemory, SignalRegex(alternatives([
            #"\bBus error\b"#, #"No space left on device.*(?:/dev/shm|\bshm\b)"#, #"/dev/shm.*No space left on device"#,
            #"Error while creating shared memory segment"#, #"insufficient shared memory"#,
            #"unable to (?:write to|mmap|allocate) .*shared memory"#,
        ]))),
        (.gpuOutOfMemory, SignalRegex(alternatives([
            #"torch\.(?:cuda\.)?OutOfMemoryError"#, #"\b(?:CUDA|HIP) out of memory"#, #"CUDA error: out of memory"#,
            #"No available memory for the cache blocks"#, #"larger than the available KV cache memory"#,
            #"larger than the maximum number of tokens that can be stored in KV cache"#,
            #"CUBLAS_STATUS_ALLOC_FAILED"#, #"cudaErrorMemoryAllocation"#, #"RuntimeError: CUDA error: out of memory"#,
        ]))),
        // GatedRepoError subclasses RepositoryNotFoundError (huggingface_hub/errors.py): gated wins.
        (.gatedModel, SignalRegex(alternatives([
            #"GatedRepoError"#, #"Cannot access gated repo"#, #"trying to access a gated repo"#,
            #"Access to model \S+ is restricted"#,
        ]))),
        (.modelNotFound, SignalRegex(alternatives([
            #"RepositoryNotFoundError"#, #"RevisionNotFoundError"#, #"EntryNotFoundError"#,
            #"is not a valid model identifier"#, #"Repository Not Found for url"#,
            #"\b404 Client Error.*(?:huggingface\.co|/api/models/|Repository Not Found|Entry Not Found)"#,
            #"does not appear to have a file named"#, #"Can't load (?:the configuration|tokenizer|config) for"#,
            #"Invalid repository ID or local directory"#, #"HFValidationError"#,
            #"pull model manifest: file does not exist"#, #"model \S+ not found, try pulling it first"#,
        ]))),
        // The Hub answers 401 for a repo that does not exist when the caller is anonymous, so a
        // RepositoryNotFoundError carrying "401 Client Error" is a wrong id first (matched above);
        // a bare 401/403 is an authorisation failure. S3 AccessDenied is the same for model storage.
        (.gatedModel, SignalRegex(alternatives([
            #"\b40[13] Client Error"#, #"Invalid user token"#, #"Invalid credentials in Authorization header"#,
            #"An error occurred \((?:403|AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch)\)"#,
        ]))),
        (.noAccelerator, SignalRegex(alternatives([
            #"NVML Shared Library Not Found"#, #"Failed to infer device type"#, #"No CUDA GPUs are available"#,
            #"Found no NVIDIA driver"#, #"No platform detected"#, #"no CUDA-capable device is detected"#,
            #"CUDA driver version is insufficient"#, #"NVIDIA driver on your system is too old"#,
            #"could not select device driver .* with capabilities: \[\[gpu\]\]"#,
        ]))),
        (.diskFull, SignalRegex(alternatives([
            #"No space left on device"#, #"\[Errno 28\]"#, #"\bENOSPC\b"#, #"Not enough free disk space to download"#,
            #"[Dd]isk quota exceeded"#,
        ]))),
        (.distributedInitFailure, SignalRegex(alternatives([
            #"\bNCCL error\b"#, #"\bnccl(?:InternalError|SystemError|UnhandledCudaError|RemoteError|InvalidUsage)\b"#,
            #"NCCL WARN"#, #"\bTCPStore\b.*(?:[Ff]ailed|[Ee]rror|[Tt]imed? ?out|refused)"#, #"DistNetworkError"#,
            #"DistBackendError"#, #"ProcessGroupNCCL.*(?:[Tt]imeout|Watchdog caught)"#,
            #"c10d.*(?:[Ff]ailed|[Tt]imed out)"#,
        ]))),
        // gunicorn's arbiter guesses an OOM kill when a worker dies by SIGKILL (gunicorn/arbiter.py).
        (.hostOutOfMemory, SignalRegex(alternatives([
            #"(?:^|[\s:])MemoryError\b"#, #"_ArrayMemoryError"#, #"std::bad_alloc"#, #"Cannot allocate memory"#, #"\[Errno 12\]"#,
            #"was sent SIGKILL! Perhaps out of memory"#, #"^Killed$"#, #"sh: line \d+: +\d+ Killed +\S"#,
        ]))),
        (.badArguments, SignalRegex(alternatives([
            #"error: unrecognized arguments"#, #"error: argument \S+"#, #"error: the following arguments are required"#,
            #"error: invalid choice"#, #"error: unexpected argument"#, #"error: invalid value '.*' for"#,
            #"Error: No such option"#, #"Error: unknown (?:flag|shorthand flag|command)"#,
            #"Failed to create file system for .*didn't find section in config file"#,
        ]))),
        (.workerTimeout, SignalRegex(alternatives([
            #"WORKER TIMEOUT"#, #"Worker \(pid:\d+\) was sent code 134"#,
        ]))),
        (.terminatedBySignal, SignalRegex(alternatives([
            #"KeyboardInterrupt: terminated"#, #"Received SIGTERM"#, #"SIGTERM received"#, #"received signal SIGTERM"#,
            #"Signal \(15\) received"#, #"Handling signal: term"#, #"^(?:INFO:\s+)?Shutting down\b"#,
            #"\] Shutting down\b"#, #"All services stopped cleanly"#, #"Finished server process"#,
            #"Application shutdown complete"#, #"Waiting for application shutdown"#,
        ]))),
    ]

    private static let genericFailure = SignalRegex(alternatives([
        #"Traceback \(most recent call last\)"#, #"^(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception)(?::|$)"#,
        #"panicked at"#, #"^panic: "#, #"Exception in thread"#,
    ]), needles: ["Traceback", "Error", "Exception", "panic"])

    static func kind(of line: String) -> LogSignature.Kind? {
        rules.first { $0.1.matches(line) }?.0
    }

    static func isGenericFailure(_ line: String) -> Bool { genericFailure.matches(line) }

    private static func alternatives(_ parts: [String]) -> String {
        parts.map { "(?:\($0))" }.joined(separator: "|")
    }
}
