import Foundation

/// Plays scenarios into a running ClusterSim in accelerated time: each action is applied when its
/// simulated moment comes due on a `ScenarioClock`, and the simulator's clock (its `Date` header and
/// the timestamps it writes) follows simulated time in between.
public final class ScenarioRunner: Sendable {
    private let sim: ClusterSim
    private let clock: ScenarioClock
    private let task: Locked<Task<Void, Never>?> = Locked(nil)
    private let applied = Locked(0)

    /// - Parameters:
    ///   - speed: simulated seconds per wall second.
    ///   - start: the simulated moment the scenarios start at (default: the simulator's now).
    public init(sim: ClusterSim, speed: Double, start: Date? = nil) {
        self.sim = sim
        let s = start ?? sim.now
        clock = ScenarioClock(simulatedStart: s, wallStart: Date(), speed: speed)
        sim.setNow(s)
    }

    /// The simulated moment now.
    public var simulatedNow: Date { clock.simulatedTime(forWall: Date()) }
    /// Actions applied so far.
    public var appliedCount: Int { applied.withLock { $0 } }

    /// Starts playing `scenarios` (each with its own namespace/names) until `until` simulated seconds have passed.
    public func start(_ scenarios: [Scenario], forSimulatedSeconds until: TimeInterval) {
        let start = clock.simulatedStart
        var players = scenarios.map { ScenarioPlayer(scenario: $0, start: start) }
        let end = start.addingTimeInterval(until)
        let sim = self.sim, clock = self.clock, applied = self.applied
        let t = Task.detached {
            while !Task.isCancelled {
                let now = clock.simulatedTime(forWall: Date())
                let horizon = min(now, end)
                sim.setNow(horizon)
                var batch: [TimedAction] = []
                for i in players.indices { batch += players[i].advance(to: horizon) }
                batch.sort { $0.time < $1.time }
                for a in batch {
                    do { try sim.apply(a.action) } catch { continue }
                }
                applied.withLock { $0 += batch.count }
                if horizon >= end { break }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        task.withLock { $0 = t }
    }

    /// Stops playback (the simulator keeps serving what was applied).
    public func stop() {
        task.withLock { $0?.cancel() }
    }

    /// Waits until playback has covered its whole simulated span.
    public func wait() async {
        await task.withLock { $0 }?.value
    }
}
