import Foundation

/// Running one container instance: its log, its probes (kubernetes-facts §3.2) and its end.
extension KubeletSimulation {
    /// Mutable probe bookkeeping for one instance.
    struct ProbeTally {
        var consecutiveFailures: [ProbeKind: Int] = [:]
        var consecutiveSuccesses: [ProbeKind: Int] = [:]
        /// Kill decision: when and by which probe.
        var kill: (time: Date, kind: ProbeKind)?
        /// When the process is gone (self exit, or the end of the kill).
        var exit: Date?
    }

    /// Runs instance `instance` from `startedAt`; nil when it runs forever.
    mutating func runInstance(startedAt s: Date) -> InstanceEnd? {
        let resumes = scenario.behaviour.steps.contains { step in
            if case .download(let spec) = step { return spec.resumesFromCache }
            return false
        }
        let plan = InstancePlan(behaviour: scenario.behaviour, start: s, cachedBytes: resumes ? cache : nil,
                                requestID: "Root=1-\(rng.hex(8))-\(rng.hex(24));\(rng.uuid())")
        var tally = ProbeTally()
        if let e = plan.selfExit { tally.exit = s.addingTimeInterval(e.offset) }
        if pod.started { manualReadinessProbe(at: s, startedAt: s, plan: plan, tally: &tally) }
        runProbes(startedAt: s, plan: plan, tally: &tally)
        if resumes, let end = tally.exit { cache = plan.cachedBytes(at: end.timeIntervalSince(s)) }
        return finish(startedAt: s, plan: plan, tally: tally)
    }

    /// Merges the workers' tickers and probes until the instance ends or nothing can change any more.
    private mutating func runProbes(startedAt s: Date, plan: InstancePlan, tally: inout ProbeTally) {
        guard !workers.isEmpty else { return }
        // Past this point health is constant and every threshold has had time to be reached.
        let settleWindow = workers.reduce(1.0) { acc, w in
            acc + Double(w.spec.initialDelaySeconds + w.spec.timeoutSeconds)
                + Double(max(w.spec.failureThreshold, w.spec.successThreshold) + 1) * w.period
        }
        let settle = s.addingTimeInterval(plan.lastHealthChange + settleWindow)
        var next = workers.map { $0.tick(atOrAfter: s) }
        while let i = next.indices.min(by: { next[$0] < next[$1] }) {
            let t = next[i]
            if let exit = tally.exit, t >= exit { break }
            if tally.exit == nil && t > settle { break }
            next[i] = t.addingTimeInterval(workers[i].period)
            probe(workers[i], at: t, startedAt: s, plan: plan, tally: &tally)
        }
    }

    /// One `doProbe` call of a worker at tick `t`.
    private mutating func probe(_ w: ProbeWorker, at t: Date, startedAt s: Date, plan: InstancePlan,
                                tally: inout ProbeTally) {
        let offset = t.timeIntervalSince(s)
        // Why: doProbe skips while `int32(seconds since startedAt) < initialDelaySeconds` (worker.go).
        guard offset >= 0, Int(offset) >= w.spec.initialDelaySeconds else { return }
        switch w.kind {
        case .startup: guard !pod.started, tally.kill == nil else { return }
        // Why: liveness/readiness wait for `started` (startup probe passed); a worker that declared a
        // failure holds until a new container ID (worker.go `onHold`).
        case .liveness: guard pod.started, tally.kill == nil else { return }
        case .readiness: guard pod.started else { return }
        }
        let health = plan.health(at: offset)
        let resultTime = t.addingTimeInterval(health == .timesOut ? Double(w.spec.timeoutSeconds) : 0.003)
        if health == .ok {
            tally.consecutiveFailures[w.kind] = 0
            tally.consecutiveSuccesses[w.kind, default: 0] += 1
            if tally.consecutiveSuccesses[w.kind, default: 0] >= w.spec.successThreshold {
                succeeded(w, at: resultTime, startedAt: s, plan: plan, tally: &tally)
            }
            return
        }
        tally.consecutiveSuccesses[w.kind] = 0
        tally.consecutiveFailures[w.kind, default: 0] += 1
        // Why: every failed probe records Unhealthy "<Type> probe failed: <output>" (prober.go `probe`).
        event(resultTime, "Warning", "Unhealthy", "\(w.kind.label) probe failed: \(w.failureOutput(health, ip: scenario.podIP))")
        guard tally.consecutiveFailures[w.kind, default: 0] >= w.spec.failureThreshold else { return }
        switch w.kind {
        case .readiness:
            if pod.ready { setReady(false, at: resultTime) }
        case .liveness, .startup:
            decideKill(w, at: resultTime, tally: &tally)
        }
    }

    private mutating func succeeded(_ w: ProbeWorker, at time: Date, startedAt s: Date, plan: InstancePlan,
                                    tally: inout ProbeTally) {
        switch w.kind {
        case .startup:
            pod.started = true
            if scenario.container.readinessProbe == nil { pod.setReady(true, at: time) }
            putPod(time)
            if pod.ready { putOwners(time, readyReplicas: 1) }
            manualReadinessProbe(at: time, startedAt: s, plan: plan, tally: &tally)
        case .readiness:
            if !pod.ready { setReady(true, at: time) }
        case .liveness:
            break
        }
    }

    /// Why: when a started container is not ready yet the prober manager pokes the readiness worker to run
    /// at once (`prober_manager.go` `UpdatePodStatus`, `manualTriggerCh`).
    private mutating func manualReadinessProbe(at time: Date, startedAt s: Date, plan: InstancePlan,
                                               tally: inout ProbeTally) {
        guard let w = workers.first(where: { $0.kind == .readiness }) else { return }
        probe(w, at: time.addingTimeInterval(0.01), startedAt: s, plan: plan, tally: &tally)
    }

    private mutating func setReady(_ ready: Bool, at time: Date) {
        pod.setReady(ready, at: time)
        putPod(time)
        putOwners(time, readyReplicas: ready ? 1 : 0)
    }

    /// `Killing` and SIGTERM; the process ends at once if it handles SIGTERM, else SIGKILL after the grace period.
    private mutating func decideKill(_ w: ProbeWorker, at time: Date, tally: inout ProbeTally) {
        tally.kill = (time, w.kind)
        let name = scenario.container.name
        let probeName = w.kind == .liveness ? "liveness" : "startup"
        event(time, "Normal", "Killing", "Container \(name) failed \(probeName) probe, will be restarted")
        let grace = w.gracePeriod(podGrace: scenario.terminationGracePeriodSeconds)
        var end = time.addingTimeInterval(grace)
        if case .exits(_, let after, _) = scenario.behaviour.sigterm { end = time.addingTimeInterval(min(after, grace)) }
        // A process that dies on its own before the kill completes keeps its own exit (finish(...) checks).
        tally.exit = min(tally.exit ?? end, end)
    }
}
