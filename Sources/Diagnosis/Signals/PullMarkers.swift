import Foundation

/// Progress lines of model pullers and copiers: Ollama (CLI and server), ramalama, ModelScope,
/// KServe's storage-initializer, `aws s3 cp`, and plain "Downloading …" announcements.
enum PullMarkers {
    static let all: [ProgressMarker] = ollama + others + generic

    /// Start of a CLI line, allowing the RFC 3339 prefix `kubectl logs --timestamps` / Docker add.
    static let lineStart = #"(?:^|\dZ\s+)"#

    // Ollama CLI: `pulling 6150cb382311... 100% ▕███▏  19 GB` (finished) or
    // `pulling 6150cb382311...  45% ▕██ ▏ 8.6 GB/ 19 GB  104 MB/s  1m40s` (running), cmd/cmd.go progress bar.
    private static let size = SignalRegex(#"(\d+(?:\.\d+)?)\s*([KMGTP]?B)(/s)?(?!\w)"#)
    private static let trailingDuration = SignalRegex(#"\s((?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?s|(?:\d+h)?\d+m)\s*$"#)

    static let ollama: [ProgressMarker] = [
        ProgressMarker("ollama", .download, #"pulling ([0-9a-f]{6,})\.*\s+(\d{1,3})%(.*)$"#) { m, s in
            s.item = m[1]
            s.fraction = m[2].flatMap(Double.init).map { $0 / 100 }
            let sizes = size.allMatches(in: m[3] ?? "")
            let amounts = sizes.filter { $0[3] == nil }.compactMap { ProgressUnits.bytes($0[1] ?? "", $0[2] ?? "") }
            if amounts.count >= 2 { s.bytesDone = amounts[0]; s.bytesTotal = amounts[1] }
            if amounts.count == 1 { s.bytesTotal = amounts[0]; s.bytesDone = s.fraction.map { $0 * amounts[0] } }
            if let r = sizes.first(where: { $0[3] != nil }) { s.rateBytesPerSecond = ProgressUnits.bytes(r[1] ?? "", r[2] ?? "") }
            s.etaSeconds = trailingDuration.firstMatch(in: m[3] ?? "")?[1].flatMap(ProgressUnits.goDuration)
        },
        ProgressMarker("ollama", .download, lineStart + #"(?:pulling manifest|verifying sha256 digest|writing manifest|removing any unused layers)"#),
        // Server log (server/download.go): the blob is fetched in N parts of a fixed size; the last part
        // may be shorter, so parts × size is an upper bound of the blob size, off by less than one part.
        ProgressMarker("ollama", .download, #"downloading ([0-9a-f]{6,}) in (\d+) (\d+(?:\.\d+)?) ([KMGT]?B) part"#) { m, s in
            s.item = m[1]
            if let parts = m[2].flatMap(Double.init), let each = ProgressUnits.bytes(m[3] ?? "", m[4] ?? "") {
                s.bytesTotal = parts * each
            }
        },
        ProgressMarker("ollama", .download, #"([0-9a-f]{6,}) part \d+ attempt \d+ failed"#) { m, s in s.item = m[1] },
        ProgressMarker("ollama", .download, #"\[GIN\].*\|\s*(\d{3})\s*\|\s*(\S+)\s*\|.*"/api/pull""#) { m, s in
            s.elapsedSeconds = m[2].flatMap(ProgressUnits.goDuration)
        },
        ProgressMarker("ollama", .load, #"starting llama server|llama runner started in"#),
    ]

    static let others: [ProgressMarker] = [
        // ramalama: `Pulling 83e42c043d6c7816:  19% ▕###8    ▏ 118M/608M 3.85MB/s 02:13`
        ProgressMarker("ramalama", .download,
                       lineStart + #"Pulling\s+(\S+?):\s+(\d{1,3})%.*?\s(\d+(?:\.\d+)?)([KMGTP]?i?B?)/(\d+(?:\.\d+)?)([KMGTP]?i?B?)\s+(\d+(?:\.\d+)?)([KMGTP]?i?B)/s(?:\s+(\d+(?::\d+)+))?"#) { m, s in
            s.item = m[1]
            s.fraction = m[2].flatMap(Double.init).map { $0 / 100 }
            s.bytesDone = ProgressUnits.bytes(m[3] ?? "", m[4] ?? "")
            s.bytesTotal = ProgressUnits.bytes(m[5] ?? "", m[6] ?? "")
            s.rateBytesPerSecond = ProgressUnits.bytes(m[7] ?? "", m[8] ?? "")
            s.etaSeconds = m[9].flatMap(ProgressUnits.clock)
        },
        ProgressMarker("modelscope", .download, #"Downloading Model (?:from \S+ )?to directory:"#),
        ProgressMarker("modelscope", .download, #" - modelscope - .*Got (\d+) files, start to download"#) { m, s in
            s.itemsTotal = ProgressMarker.int(m[1])
        },
        // Only snapshot_download / model_file_download log these through the `modelscope` logger.
        ProgressMarker("modelscope", .download, #" - modelscope - \w+ - .*(?:download|revision)"#, caseInsensitive: true),
        ProgressMarker("kserve", .download, #"Successfully copied \S+ to \S+"#, completesDownload: true),
        ProgressMarker("kserve", .download, #"Copying contents of \S+ to local|Initializing, args: src_uri"#),
        ProgressMarker("kserve", .download, #"Downloaded object (\S+) to \S+"#) { m, s in s.item = m[1] },
        // aws-cli s3 transfer status line (awscli/customizations/s3/results.py).
        ProgressMarker("aws-s3", .download,
                       #"Completed (\d+(?:\.\d+)?) (\w+)/(\d+(?:\.\d+)?) (\w+) \((\d+(?:\.\d+)?) (\w+)/s\) with (\d+) file\(s\) remaining"#) { m, s in
            s.bytesDone = ProgressUnits.bytes(m[1] ?? "", m[2] ?? "")
            s.bytesTotal = ProgressUnits.bytes(m[3] ?? "", m[4] ?? "")
            s.rateBytesPerSecond = ProgressUnits.bytes(m[5] ?? "", m[6] ?? "")
            if let d = s.bytesDone, let t = s.bytesTotal, t > 0 { s.fraction = d / t }
        },
        ProgressMarker("aws-s3", .download, lineStart + #"download: s3://\S+ to \S+"#),
    ]

    static let generic: [ProgressMarker] = [
        ProgressMarker("generic", .download, #"\bDownloading (\d+) files"#) { m, s in s.itemsTotal = ProgressMarker.int(m[1]) },
        // pip and package managers also say "Downloading"; their artifacts are not model weights.
        ProgressMarker("generic", .download, #"^(?!.*(?:\.whl\b|\.tar\.gz\b|\bpip\b|Collecting )).*\bDownloading\b"#),
    ]
}
