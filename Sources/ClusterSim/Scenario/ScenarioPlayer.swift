import Foundation

/// A `SimAction` at the simulated moment it happens.
public struct TimedAction: Sendable, Hashable {
    public var time: Date
    public var action: SimAction
    public init(time: Date, action: SimAction) { self.time = time; self.action = action }
}

/// Plays a `Scenario` as a pure, deterministic kubelet model: ask for the actions up to a simulated
/// moment and apply them in order. Same scenario, seed and start → the same actions, byte for byte.
///
/// Driving it in accelerated time (the server applies the actions; this type does no I/O):
/// ```swift
/// var player = ScenarioPlayer(scenario: .aibrixQuickstart(), start: simStart)
/// let clock = ScenarioClock.scaled(speed: 30, start: simStart)
/// while let next = player.nextActionTime() {
///     // sleep until clock.wallTime(forSimulated: next), then:
///     for timed in player.advance(to: next) { apply(timed.action) }
/// }
/// ```
public struct ScenarioPlayer: Sendable {
    public let scenario: Scenario
    public let start: Date
    private var simulation: KubeletSimulation
    /// Generated but not yet handed out, in time order.
    private var pending: [TimedAction] = []
    private var exhausted = false

    public init(scenario: Scenario, start: Date) {
        self.scenario = scenario
        self.start = start
        simulation = KubeletSimulation(scenario: scenario, start: start)
    }

    /// The generated pod's name (`<deployment>-<hash>-<5 chars>`).
    public var podName: String { simulation.ids.podName }
    /// The generated pod's uid.
    public var podUID: String { simulation.ids.podUID }
    /// The ReplicaSet's name (`<deployment>-<pod-template-hash>`).
    public var replicaSetName: String { simulation.ids.replicaSetName }

    /// Every action with `time <= until` not handed out before, in time order.
    public mutating func advance(to until: Date) -> [TimedAction] {
        generate(through: until)
        let cut = pending.firstIndex { $0.time > until } ?? pending.count
        let out = Array(pending[..<cut])
        pending.removeFirst(cut)
        return out
    }

    /// The actions from the start through `until`, without changing this player.
    public func actions(until: Date) -> [TimedAction] {
        var copy = self
        return copy.advance(to: until)
    }

    /// Deletes the scenario's pod, ReplicaSet and Deployment (not the namespace), e.g. before playing another
    /// scenario such as `fixedWithStartupProbe` on the same server.
    public func teardown(at time: Date) -> [TimedAction] {
        let ns = scenario.namespace
        return [
            TimedAction(time: time, action: .deleteObject(resource: "pods", namespace: ns, name: podName)),
            TimedAction(time: time, action: .deleteObject(resource: "replicasets", namespace: ns, name: replicaSetName)),
            TimedAction(time: time, action: .deleteObject(resource: "deployments", namespace: ns, name: scenario.deploymentName)),
        ]
    }

    /// When the next action happens (nil when the story has ended); drivers sleep until then.
    public mutating func nextActionTime() -> Date? {
        while pending.isEmpty && !exhausted { generateSlice() }
        return pending.first?.time
    }

    /// Generates slices until everything at or before `until` is known. A slice's actions are all later
    /// than the previous slice's, so the frontier is the next container creation.
    private mutating func generate(through until: Date) {
        while !exhausted {
            if let frontier = simulation.nextCreate, frontier > until { return }
            generateSlice()
        }
    }

    private mutating func generateSlice() {
        simulation.actions = []
        exhausted = !simulation.step()
        // Stable sort keeps same-time actions in emission order (e.g. rotateLog before the first new line).
        let slice = simulation.actions.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        pending += slice.map(\.element)
        if simulation.nextCreate == nil { exhausted = true }
    }
}
