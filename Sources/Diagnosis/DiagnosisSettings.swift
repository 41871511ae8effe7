/// Knobs of the remediation arithmetic; every value is configurable from restartwatch's config.
public struct DiagnosisSettings: Codable, Sendable, Hashable {
    /// The startup budget covers need × margin (issue: default 1.5).
    public var margin: Double
    /// Bandwidth assumed for a model download when nothing was measured, in bytes per second.
    public var assumedBandwidthBytesPerSecond: Double
    /// periodSeconds of a recommended startupProbe.
    public var startupPeriodSeconds: Int
    /// Bytes per parameter when estimating model size from a parameter count (bf16/fp16 = 2).
    public var bytesPerParameter: Double

    public init(margin: Double = 1.5, assumedBandwidthBytesPerSecond: Double = 50_000_000,
                startupPeriodSeconds: Int = 10, bytesPerParameter: Double = 2) {
        self.margin = margin
        self.assumedBandwidthBytesPerSecond = assumedBandwidthBytesPerSecond
        self.startupPeriodSeconds = startupPeriodSeconds
        self.bytesPerParameter = bytesPerParameter
    }
}
