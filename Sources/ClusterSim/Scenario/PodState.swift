import Foundation

/// A finished container instance, as `state.terminated` / `lastState.terminated` show it.
struct TerminatedState: Sendable, Hashable {
    var exitCode: Int32
    var reason: String
    var startedAt: Date
    var finishedAt: Date
    var containerID: String
}

/// The one state a container status shows (kubernetes-facts §3.7: exactly one of waiting/running/terminated).
enum ContainerStateView: Sendable, Hashable {
    case waiting(reason: String, message: String?)
    case running(startedAt: Date)
    case terminated(TerminatedState)
}

/// Names and uids of the simulated objects, drawn once from the seed.
struct ScenarioIdentity: Sendable {
    var namespaceUID: String
    var deploymentUID: String
    var replicaSetUID: String
    var podUID: String
    var templateHash: String
    var replicaSetName: String
    var podName: String

    init(scenario: Scenario, rng: inout SeededRandom) {
        namespaceUID = rng.uuid()
        deploymentUID = rng.uuid()
        replicaSetUID = rng.uuid()
        podUID = rng.uuid()
        // Why: the ReplicaSet is `<deployment>-<pod-template-hash>` and its pods `<rs>-<5 chars>`
        // (apps/v1 deployment controller `controller.ComputeHash`, generateName + `rand.String(5)`).
        templateHash = rng.nameSuffix(10)
        replicaSetName = "\(scenario.deploymentName)-\(templateHash)"
        podName = "\(replicaSetName)-\(rng.nameSuffix(5))"
    }

    /// `name_namespace(uid)` as kubelet's `format.PodDesc` renders a pod in BackOff texts.
    func podDesc(namespace: String) -> String { "\(podName)_\(namespace)(\(podUID))" }
}

/// Everything about the pod that changes while the scenario plays.
struct PodState: Sendable {
    var nodeName: String?
    var scheduledAt: Date?
    /// Kubelet admission (`status.startTime`, sandbox and init conditions).
    var admittedAt: Date?
    var state: ContainerStateView = .waiting(reason: "ContainerCreating", message: nil)
    var lastState: TerminatedState?
    var ready = false
    var readyChangedAt: Date?
    var started = false
    var restartCount = 0
    var containerID: String?
    var imagePulled = false

    /// Why: with restartPolicy Always a container waiting after a previous termination still counts as
    /// running for the phase; waiting with no termination yet means Pending (kubelet_pods.go `getPhase`).
    var phase: String {
        switch state {
        case .running, .terminated: return "Running"
        case .waiting: return lastState == nil ? "Pending" : "Running"
        }
    }

    mutating func setReady(_ value: Bool, at time: Date) {
        if ready != value { ready = value; readyChangedAt = time }
    }
}
