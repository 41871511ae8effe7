import Foundation

/// Maps simulated scenario time to wall-clock time for accelerated playback (`restartwatch demo`, benchmarks).
public struct ScenarioClock: Sendable, Hashable {
    /// The simulated moment that corresponds to `wallStart`.
    public var simulatedStart: Date
    public var wallStart: Date
    /// Simulated seconds per wall second (60: one simulated minute per second).
    public var speed: Double

    public init(simulatedStart: Date, wallStart: Date, speed: Double) {
        self.simulatedStart = simulatedStart
        self.wallStart = wallStart
        self.speed = max(speed, 1e-9)
    }

    /// A clock starting both timelines at `start`, running `speed` times faster than real time.
    public static func scaled(speed: Double, start: Date) -> ScenarioClock {
        ScenarioClock(simulatedStart: start, wallStart: start, speed: speed)
    }

    /// The wall moment at which a simulated moment is due.
    public func wallTime(forSimulated t: Date) -> Date {
        wallStart.addingTimeInterval(t.timeIntervalSince(simulatedStart) / speed)
    }

    /// The simulated moment reached at a wall moment.
    public func simulatedTime(forWall t: Date) -> Date {
        simulatedStart.addingTimeInterval(t.timeIntervalSince(wallStart) * speed)
    }
}
