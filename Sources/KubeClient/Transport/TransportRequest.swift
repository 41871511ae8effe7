import Foundation

/// Everything one libcurl transfer needs, credentials included. Lives only inside the transport;
/// its description never shows the secrets.
public struct TransportRequest: Sendable, CustomStringConvertible {
    public var method: APIRequest.Method
    public var url: String
    /// Extra headers (`Accept`, `Content-Type`); the bearer token goes in `bearerToken`.
    public var headers: [(String, String)]
    public var body: Data?
    public var bearerToken: Secret?
    public var tls: TLSSettings
    /// A client certificate from an exec plugin; wins over `tls` files/data.
    public var clientCertificate: ClientCertificate?
    public var proxyURL: String?
    public var userAgent: String
    public var connectTimeoutSeconds: Double
    /// Total limit; `.infinity` = none (watches).
    public var totalTimeoutSeconds: Double
    public var idleTimeoutSeconds: Double?
    /// Prefer HTTP/2 over TLS (ALPN), HTTP/1.1 otherwise.
    public var allowHTTP2: Bool
    public var errorContext: ErrorContext
    public var action: RequestAction

    public init(method: APIRequest.Method, url: String, headers: [(String, String)] = [], body: Data? = nil,
                bearerToken: Secret? = nil, tls: TLSSettings = TLSSettings(), clientCertificate: ClientCertificate? = nil,
                proxyURL: String? = nil, userAgent: String = "restartwatch", connectTimeoutSeconds: Double = 10,
                totalTimeoutSeconds: Double = 60, idleTimeoutSeconds: Double? = nil, allowHTTP2: Bool = true,
                errorContext: ErrorContext, action: RequestAction) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bearerToken = bearerToken
        self.tls = tls
        self.clientCertificate = clientCertificate
        self.proxyURL = proxyURL
        self.userAgent = userAgent
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.totalTimeoutSeconds = totalTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.allowHTTP2 = allowHTTP2
        self.errorContext = errorContext
        self.action = action
    }

    public var description: String { "\(method.rawValue) \(url)" }
}

/// Status line and headers of a response.
public struct ResponseHead: Sendable, Equatable {
    public var status: Int
    /// Header names lower-cased; the last value wins.
    public var headers: [String: String]
    /// libcurl's CURLINFO_HTTP_VERSION: 2 = HTTP/1.1, 3 = HTTP/2.
    public var httpVersion: Int

    public init(status: Int, headers: [String: String], httpVersion: Int) {
        self.status = status
        self.headers = headers
        self.httpVersion = httpVersion
    }

    /// The server's `Date` header (RFC 7231 IMF-fixdate), the API server's clock.
    public var date: Date? { headers["date"].flatMap(HTTPDate.parse) }
}

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Date? {
        let f = text.split(separator: " ")
        guard f.count == 6, f[5] == "GMT", let day = Int(f[1]), let month = months.firstIndex(of: String(f[2])),
              let year = Int(f[3]) else { return nil }
        let hms = f[4].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hms[0])
        parts.tm_min = Int32(hms[1])
        parts.tm_sec = Int32(hms[2])
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
