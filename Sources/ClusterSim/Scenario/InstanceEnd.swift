import Foundation

/// The end of a container instance (its last log lines and terminated state) and the restart that follows.
extension KubeletSimulation {
    /// Writes the instance's log and returns how it ended (nil: it runs forever).
    mutating func finish(startedAt s: Date, plan: InstancePlan, tally: ProbeTally) -> InstanceEnd? {
        guard let exit = tally.exit else {
            for line in plan.lines { log(s.addingTimeInterval(line.offset), line.text) }
            return nil
        }
        let exitOffset = exit.timeIntervalSince(s)
        let containerID = pod.containerID ?? ""
        func terminated(_ code: Int32, _ reason: String) -> TerminatedState {
            TerminatedState(exitCode: code, reason: reason, startedAt: s, finishedAt: exit, containerID: containerID)
        }
        if let own = plan.selfExit, abs(own.offset - exitOffset) < 1e-9 {
            for line in plan.lines(through: exitOffset) { log(s.addingTimeInterval(line.offset), line.text) }
            let end = terminated(own.exitCode, own.reason)
            return tally.kill == nil ? .exited(end) : .killed(end)
        }
        // An exit that is neither the process's own nor a kill cannot happen (tally.exit is only set by those two).
        guard let kill = tally.kill else { preconditionFailure("instance exit without a cause") }
        switch scenario.behaviour.sigterm {
        case .exits(let code, _, let lines):
            for line in plan.lines(through: kill.time.timeIntervalSince(s)) { log(s.addingTimeInterval(line.offset), line.text) }
            for line in lines { log(exit, line) }
            // Why: containerd's CRI reason is "Completed" for exit 0 and "Error" otherwise (kubernetes-facts §3.5).
            return .killed(terminated(code, code == 0 ? "Completed" : "Error"))
        case .ignores:
            for line in plan.lines(through: exitOffset) { log(s.addingTimeInterval(line.offset), line.text) }
            // Why 137: SIGKILL after the grace period is 128+9 (kubernetes-facts §3.5).
            return .killed(terminated(137, "Error"))
        }
    }

    /// The sync passes after an instance ended: immediate restart, or BackOff refusals with a
    /// CrashLoopBackOff waiting state until the window has passed. Returns when the next instance is created.
    mutating func restart(after end: InstanceEnd) -> Date {
        let dead: TerminatedState
        var attempt: Date
        var reference: Date?
        let wasReady = pod.ready
        switch end {
        case .killed(let t):
            // Why: after a probe kill the kubelet starts the replacement in the same SyncPod, checking back-off
            // against the pod status captured before the kill, i.e. the previous dead instance (kubernetes-facts §3.6).
            dead = t
            attempt = t.finishedAt.addingTimeInterval(0.05)
            reference = lastDead?.finishedAt
        case .exited(let t):
            // Why: a self exit is seen by the PLEG relist (~1 s) and that sync already shows the terminated state.
            dead = t
            attempt = t.finishedAt.addingTimeInterval(rng.uniform(0.3, 1.0))
            reference = t.finishedAt
        }
        pod.started = false
        pod.setReady(false, at: dead.finishedAt)
        if case .exited(let t) = end {
            pod.state = .terminated(t)
            putPod(attempt)
        }
        if wasReady { putOwners(dead.finishedAt, readyReplicas: 0) }
        var refusedBefore = false
        var waitingShown = false
        let podDesc = ids.podDesc(namespace: scenario.namespace)
        let name = scenario.container.name
        while true {
            if refusedBefore && !waitingShown {
                // Why: the sync after a refused start generates the status from the restart reason cache:
                // waiting CrashLoopBackOff with the current window, the dead instance in lastState
                // (kubelet_pods.go `convertToAPIContainerStatuses`); it does so before trying to start again.
                let window = SimFormat.goDuration(seconds: backoff.window ?? CrashBackoff.initial)
                pod.state = .waiting(reason: "CrashLoopBackOff",
                                     message: "back-off \(window) restarting failed container=\(name) pod=\(podDesc)")
                pod.lastState = dead
                putPod(attempt)
                waitingShown = true
            }
            if backoff.attempt(now: attempt, reference: reference) { break }
            event(attempt, "Warning", "BackOff", "Back-off restarting failed container \(name) in pod \(podDesc)")
            // Why: the first retry follows the PLEG "container died" event, later ones the pod worker's
            // error requeue (`backOffPeriod` 10 s, pod_workers.go).
            attempt = attempt.addingTimeInterval(refusedBefore ? 10 : (isKill(end) ? 1 : 10))
            refusedBefore = true
            reference = dead.finishedAt
        }
        lastDead = dead
        return attempt
    }

    private func isKill(_ end: InstanceEnd) -> Bool {
        if case .killed = end { return true }
        return false
    }
}
