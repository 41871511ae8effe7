import CCurl
import Foundation

/// Process-wide libcurl setup, done once.
enum CurlGlobal {
    /// Why SIGPIPE is ignored: with CURLOPT_NOSIGNAL (needed with threads) libcurl no longer
    /// ignores it itself, and a write to a peer-closed TLS socket would kill the process
    /// (swift-libcurl-notes §1 "Options used").
    static let initialized: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return curl_global_init(ccurl_global_default) == CURLE_OK
    }()
}
