/// core/v1 Probe. Fields are optional exactly as written: the corpus keeps "not shown" distinct
/// from a default, and `ProbeBudget` fills Kubernetes defaults when it computes timing.
public struct Probe: Codable, Hashable, Sendable {
    public var httpGet: HTTPGetAction?
    public var tcpSocket: TCPSocketAction?
    public var exec: ExecAction?
    public var grpc: GRPCAction?
    public var initialDelaySeconds: Int?
    public var timeoutSeconds: Int?
    public var periodSeconds: Int?
    public var successThreshold: Int?
    public var failureThreshold: Int?
    public var terminationGracePeriodSeconds: Int?

    public init(httpGet: HTTPGetAction? = nil, tcpSocket: TCPSocketAction? = nil, exec: ExecAction? = nil,
                grpc: GRPCAction? = nil, initialDelaySeconds: Int? = nil, timeoutSeconds: Int? = nil,
                periodSeconds: Int? = nil, successThreshold: Int? = nil, failureThreshold: Int? = nil,
                terminationGracePeriodSeconds: Int? = nil) {
        self.httpGet = httpGet
        self.tcpSocket = tcpSocket
        self.exec = exec
        self.grpc = grpc
        self.initialDelaySeconds = initialDelaySeconds
        self.timeoutSeconds = timeoutSeconds
        self.periodSeconds = periodSeconds
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }

    /// Kubernetes defaults (`SetDefaults_Probe`, pkg/apis/core/v1/defaults.go): timeout 1, period 10,
    /// success 1, failure 3; initialDelaySeconds has no default (0).
    public static let defaultTimeoutSeconds = 1
    public static let defaultPeriodSeconds = 10
    public static let defaultFailureThreshold = 3

    public var effectiveInitialDelay: Int { initialDelaySeconds ?? 0 }
    public var effectivePeriod: Int { periodSeconds ?? Probe.defaultPeriodSeconds }
    public var effectiveFailureThreshold: Int { failureThreshold ?? Probe.defaultFailureThreshold }
    public var effectiveTimeout: Int { timeoutSeconds ?? Probe.defaultTimeoutSeconds }

    /// The same handler with no timing fields: what a new startupProbe copies from liveness.
    public var handlerOnly: Probe {
        Probe(httpGet: httpGet, tcpSocket: tcpSocket, exec: exec, grpc: grpc)
    }
}

/// `port` is required by the API, but evidence pasted into bug reports often omits it: optional here.
public struct HTTPGetAction: Codable, Hashable, Sendable {
    public var path: String?
    public var port: IntOrString?
    public var scheme: String?
    public var host: String?
    public init(path: String? = nil, port: IntOrString?, scheme: String? = nil, host: String? = nil) {
        self.path = path
        self.port = port
        self.scheme = scheme
        self.host = host
    }
}

public struct TCPSocketAction: Codable, Hashable, Sendable {
    public var port: IntOrString?
    public init(port: IntOrString?) { self.port = port }
}

public struct ExecAction: Codable, Hashable, Sendable {
    public var command: [String]?
    public init(command: [String]?) { self.command = command }
}

public struct GRPCAction: Codable, Hashable, Sendable {
    public var port: Int
    public var service: String?
    public init(port: Int, service: String? = nil) { self.port = port; self.service = service }
}

/// intstr.IntOrString: a port number or a named port.
public enum IntOrString: Codable, Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .string(let s): try c.encode(s)
        }
    }

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .string(let s): return s
        }
    }
}
