import CCurl
import Dispatch
import Foundation

/// One request on one easy handle: options from a `TransportRequest`, callbacks that feed a
/// bounded `BodyChannel`. Mutable fields are touched only on the engine thread, except the
/// head hand-off, which is locked.
final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    let channel: BodyChannel
    let idleTimeoutNanos: UInt64?
    private let errorContext: ErrorContext
    private let action: RequestAction
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let head = Locked<HeadState>(HeadState())
    private var headSent = false
    private var status = 0
    private var headers: [String: String] = [:]
    /// Engine thread: last time bytes arrived (monotonic ns); paused transfers are not idle.
    var lastActivity = DispatchTime.now().uptimeNanoseconds
    var paused = false
    /// Set when the engine aborts the transfer (idle stream, cancellation).
    var abortReason: KubeError?

    init(request: TransportRequest, channel: BodyChannel) throws {
        _ = CurlGlobal.initialized
        guard let easy = curl_easy_init() else {
            throw KubeError(kind: .transport, message: "libcurl could not create a handle")
        }
        self.easy = easy
        self.channel = channel
        self.errorContext = request.errorContext
        self.action = request.action
        self.idleTimeoutNanos = request.idleTimeoutSeconds.map { UInt64(max(0.001, $0) * 1e9) }
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try configure(request)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    // MARK: options

    private func configure(_ r: TransportRequest) throws {
        let me = Unmanaged.passUnretained(self).toOpaque()
        var url = r.url
        if let name = r.tls.serverName, !name.isEmpty, let redirected = Self.redirect(url: url, toServerName: name) {
            // Why CONNECT_TO: libcurl 7.88 has no SNI/verify-name override; asking for the
            // tls-server-name while connecting to the real address verifies and sends that name.
            url = redirected.url
            connectToList = curl_slist_append(nil, redirected.connectTo)
            try set(CURLOPT_CONNECT_TO, slist: connectToList)
            headerList = curl_slist_append(headerList, "Host: \(redirected.originalAuthority)")
        }
        try set(CURLOPT_URL, url)
        try set(CURLOPT_NOSIGNAL, 1)
        try setPtr(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(r.connectTimeoutSeconds * 1000))
        if r.totalTimeoutSeconds.isFinite { try set(CURLOPT_TIMEOUT_MS, Int(r.totalTimeoutSeconds * 1000)) }
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try set(CURLOPT_TCP_KEEPIDLE, 30)
        try set(CURLOPT_TCP_KEEPINTVL, 15)
        try set(CURLOPT_HTTP_VERSION, r.allowHTTP2 ? ccurl_http_version_2tls : ccurl_http_version_1_1)
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_USERAGENT, r.userAgent)
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try configureMethod(r)
        try configureTLS(r)
        if let proxy = r.proxyURL, !proxy.isEmpty {
            try set(CURLOPT_PROXY, proxy)
            // An explicit proxy-url is used for every request, as client-go does; without this libcurl
            // would still let a `no_proxy` environment variable bypass it.
            try set(CURLOPT_NOPROXY, "")
        }
        for (name, value) in r.headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        if let token = r.bearerToken {
            // Why a header: tokens never go into URLs (they end up in proxy and server logs).
            headerList = curl_slist_append(headerList, "Authorization: Bearer \(token.value)")
        }
        try set(CURLOPT_HTTPHEADER, slist: headerList)
        guard ccurl_setopt_writefn(easy, curlWriteCallback) == CURLE_OK,
              ccurl_setopt_headerfn(easy, curlHeaderCallback) == CURLE_OK else {
            throw KubeError(kind: .transport, message: "libcurl rejected the callbacks")
        }
        try setPtr(CURLOPT_WRITEDATA, me)
        try setPtr(CURLOPT_HEADERDATA, me)
    }

    private func configureMethod(_ r: TransportRequest) throws {
        switch r.method {
        case .get: try set(CURLOPT_HTTPGET, 1)
        case .post, .put, .patch, .delete:
            try set(CURLOPT_CUSTOMREQUEST, r.method.rawValue)
            if let body = r.body {
                try set(CURLOPT_POSTFIELDSIZE, body.count)
                let rc = body.withUnsafeBytes { ccurl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)) }
                guard rc == CURLE_OK else { throw optionError(CURLOPT_COPYPOSTFIELDS, rc) }
            }
        }
    }

    private func configureTLS(_ r: TransportRequest) throws {
        if let ca = r.tls.caData { try setBlob(CURLOPT_CAINFO_BLOB, ca.value) }
        else if let file = r.tls.caFile { try set(CURLOPT_CAINFO, file) }
        if let cert = r.clientCertificate {
            try setBlob(CURLOPT_SSLCERT_BLOB, cert.certificatePEM.value)
            try setBlob(CURLOPT_SSLKEY_BLOB, cert.keyPEM.value)
        } else {
            if let c = r.tls.clientCertificateData { try setBlob(CURLOPT_SSLCERT_BLOB, c.value) }
            else if let f = r.tls.clientCertificateFile { try set(CURLOPT_SSLCERT, f) }
            if let k = r.tls.clientKeyData { try setBlob(CURLOPT_SSLKEY_BLOB, k.value) }
            else if let f = r.tls.clientKeyFile { try set(CURLOPT_SSLKEY, f) }
        }
        // Only when the kubeconfig says insecure-skip-tls-verify: true.
        if r.tls.insecureSkipVerify {
            try set(CURLOPT_SSL_VERIFYPEER, 0)
            try set(CURLOPT_SSL_VERIFYHOST, 0)
        }
    }

    struct Redirect { var url: String; var connectTo: String; var originalAuthority: String }

    /// `https://10.0.0.1:6443/x` + `kubernetes` → URL `https://kubernetes:6443/x`,
    /// CONNECT_TO `kubernetes:6443:10.0.0.1:6443`.
    static func redirect(url: String, toServerName name: String) -> Redirect? {
        guard var c = URLComponents(string: url), let host = c.host, host != name else { return nil }
        let port = c.port ?? (c.scheme == "http" ? 80 : 443)
        let hostForCurl = host.contains(":") ? "[\(host)]" : host
        let authority = c.port.map { "\(hostForCurl):\($0)" } ?? hostForCurl
        c.host = name
        guard let newURL = c.string else { return nil }
        return Redirect(url: newURL, connectTo: "\(name):\(port):\(hostForCurl):\(port)", originalAuthority: authority)
    }

    private func set(_ o: CURLoption, _ v: Int) throws {
        let rc = ccurl_setopt_long(easy, o, v)
        guard rc == CURLE_OK else { throw optionError(o, rc) }
    }
    private func set(_ o: CURLoption, _ v: String) throws {
        let rc = ccurl_setopt_string(easy, o, v)
        guard rc == CURLE_OK else { throw optionError(o, rc) }
    }
    private func set(_ o: CURLoption, slist: UnsafeMutablePointer<curl_slist>?) throws {
        let rc = ccurl_setopt_slist(easy, o, slist)
        guard rc == CURLE_OK else { throw optionError(o, rc) }
    }
    private func setPtr(_ o: CURLoption, _ p: UnsafeMutableRawPointer) throws {
        let rc = ccurl_setopt_ptr(easy, o, p)
        guard rc == CURLE_OK else { throw optionError(o, rc) }
    }
    private func setBlob(_ o: CURLoption, _ text: String) throws {
        var bytes = Array(text.utf8)
        let rc = bytes.withUnsafeMutableBytes { ccurl_setopt_blob(easy, o, $0.baseAddress, $0.count) }
        guard rc == CURLE_OK else { throw optionError(o, rc) }
    }
    private func optionError(_ o: CURLoption, _ rc: CURLcode) -> KubeError {
        KubeError(kind: .transport, message: "libcurl rejected option \(o.rawValue): \(String(cString: curl_easy_strerror(rc)))",
                  curlCode: Int(rc.rawValue))
    }

    // MARK: head hand-off

    /// The response head once known; resumes immediately if it already is.
    func awaitHead() async throws -> ResponseHead {
        try await withCheckedThrowingContinuation { cont in
            let ready = head.withLock { h -> Result<ResponseHead, KubeError>? in
                if h.result == nil { h.waiter = cont }
                return h.result
            }
            if let ready { cont.resume(with: ready.mapError { $0 as any Error }) }
        }
    }

    private func resolveHead(_ result: Result<ResponseHead, KubeError>) {
        let waiter = head.withLock { h -> CheckedContinuation<ResponseHead, any Error>? in
            guard h.result == nil else { return nil }
            h.result = result
            defer { h.waiter = nil }
            return h.waiter
        }
        waiter?.resume(with: result.mapError { $0 as any Error })
    }

    private func deliverHead() {
        guard !headSent else { return }
        headSent = true
        var code = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        var version = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        resolveHead(.success(ResponseHead(status: code != 0 ? code : status, headers: headers, httpVersion: version)))
    }

    // MARK: callbacks (engine thread)

    func didReceiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        lastActivity = DispatchTime.now().uptimeNanoseconds
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.isEmpty {
            // End of a header block. Why check RESPONSE_CODE: a proxy's CONNECT answer and
            // 1xx responses end blocks too, and libcurl leaves RESPONSE_CODE at 0 / < 200 then.
            // Delivering here lets a watch with no events yet hand back its head at once.
            var code = 0
            _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
            if code >= 200 { deliverHead() }
        } else if line.hasPrefix("HTTP/") {
            // A new response (after a proxy CONNECT or a 100 Continue) starts over.
            headers = [:]
            status = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return bytes.count
    }

    func didReceiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        lastActivity = DispatchTime.now().uptimeNanoseconds
        deliverHead()
        if channel.offer(bytes) { return bytes.count }
        paused = true
        return ccurl_writefunc_pause
    }

    /// The transfer is over: `code` from CURLMSG_DONE, or an abort.
    func complete(code: CURLcode) {
        if code == CURLE_OK, abortReason == nil {
            deliverHead()
            channel.finish(error: nil)
            return
        }
        var detail = String(cString: errorBuffer)
        if detail.isEmpty { detail = String(cString: curl_easy_strerror(code)) }
        var osError = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_OS_ERRNO, &osError)
        if osError == Int(ECONNREFUSED) { detail += " (connection refused)" }
        let error = abortReason ?? errorContext.transportError(curlCode: Int(code.rawValue), detail: detail, action: action)
        resolveHead(.failure(error))
        channel.finish(error: error)
    }
}

/// The head hand-off between the engine thread and the awaiting task.
struct HeadState {
    var waiter: CheckedContinuation<ResponseHead, any Error>?
    var result: Result<ResponseHead, KubeError>?
}

private let curlWriteCallback: curl_write_callback = { ptr, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.didReceiveBody(UnsafeRawBufferPointer(start: ptr, count: size * count))
}

private let curlHeaderCallback: curl_write_callback = { ptr, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.didReceiveHeader(UnsafeRawBufferPointer(start: ptr, count: size * count))
}
