import Foundation

/// The kubelet-like state machine behind `ScenarioPlayer`: creates the objects, starts container
/// instances, runs their probes, kills and restarts them with back-off. It produces the timeline one
/// container instance at a time so an endless crash loop can be played lazily.
struct KubeletSimulation: Sendable {
    /// How a container instance ended.
    enum InstanceEnd: Sendable {
        /// Killed by a failed liveness/startup probe (the restart happens in the same sync pass).
        case killed(TerminatedState)
        /// Exited on its own (crash, OOM kill).
        case exited(TerminatedState)
    }

    let scenario: Scenario
    let ids: ScenarioIdentity
    let start: Date
    var rng: SeededRandom
    var pod = PodState()
    var backoff = CrashBackoff()
    var workers: [ProbeWorker] = []
    var instance = 0
    /// Newest dead instance (what `lastState` shows once a replacement runs).
    var lastDead: TerminatedState?
    /// Download bytes on the persistent cache, carried across restarts when the behaviour resumes.
    var cache: [Int64]?
    /// When the next instance's container is created; nil once the story has no further instance.
    private(set) var nextCreate: Date?
    private var didSetUp = false
    var actions: [TimedAction] = []

    init(scenario: Scenario, start: Date) {
        self.scenario = scenario
        self.start = start
        var rng = SeededRandom(seed: scenario.seed)
        ids = ScenarioIdentity(scenario: scenario, rng: &rng)
        self.rng = rng
    }

    var podDocument: PodDocument { PodDocument(scenario: scenario, ids: ids, created: start.addingTimeInterval(0.02)) }

    // MARK: output helpers

    mutating func emit(_ time: Date, _ action: SimAction) { actions.append(TimedAction(time: time, action: action)) }

    mutating func event(_ time: Date, _ type: String, _ reason: String, _ message: String, container: Bool = true,
                        component: String = "kubelet") {
        let e = KubeletEvent(namespace: scenario.namespace, podName: ids.podName, podUID: ids.podUID,
                             container: container ? scenario.container.name : nil, type: type, reason: reason,
                             message: message, time: time, component: component,
                             host: component == "kubelet" ? scenario.nodeName : nil)
        emit(time, .recordEvent(e))
    }

    mutating func putPod(_ time: Date) {
        emit(time, .putObject(resource: "pods", namespace: scenario.namespace, name: ids.podName,
                              json: ObjectDocuments.encode(podDocument.json(pod))))
    }

    mutating func putOwners(_ time: Date, readyReplicas: Int) {
        let s = scenario
        emit(time, .putObject(resource: "deployments", namespace: s.namespace, name: s.deploymentName,
                              json: ObjectDocuments.encode(ObjectDocuments.deployment(s, ids: ids, created: start,
                                                                                      readyReplicas: readyReplicas))))
        emit(time, .putObject(resource: "replicasets", namespace: s.namespace, name: ids.replicaSetName,
                              json: ObjectDocuments.encode(ObjectDocuments.replicaSet(s, ids: ids, created: start,
                                                                                      readyReplicas: readyReplicas))))
    }

    mutating func log(_ time: Date, _ line: String) {
        emit(time, .appendLog(namespace: scenario.namespace, pod: ids.podName, container: scenario.container.name, line: line))
    }

    // MARK: timeline

    /// Produces the next slice: the set-up and first instance, then one instance (and its restart) per call.
    /// Returns false when nothing further will happen.
    mutating func step() -> Bool {
        if !didSetUp {
            didSetUp = true
            nextCreate = setUp()
        }
        guard let create = nextCreate else { return false }
        let startedAt = createContainer(at: create)
        if let end = runInstance(startedAt: startedAt) {
            nextCreate = restart(after: end)
        } else {
            nextCreate = nil
        }
        instance += 1
        return true
    }

    /// Namespace, owners, the pending pod, scheduling, admission and the image pull. Returns the creation time.
    private mutating func setUp() -> Date {
        let s = scenario
        emit(start, .putObject(resource: "namespaces", namespace: nil, name: s.namespace,
                               json: ObjectDocuments.encode(ObjectDocuments.namespace(s, uid: ids.namespaceUID,
                                                                                      created: start.addingTimeInterval(-86_400)))))
        putOwners(start, readyReplicas: 0)
        putPod(start.addingTimeInterval(0.02))
        let scheduled = start.addingTimeInterval(0.05)
        pod.nodeName = s.nodeName
        pod.scheduledAt = scheduled
        event(scheduled, "Normal", "Scheduled", "Successfully assigned \(s.namespace)/\(ids.podName) to \(s.nodeName)",
              container: false, component: "default-scheduler")
        putPod(scheduled)
        let admitted = start.addingTimeInterval(0.6)
        pod.admittedAt = admitted
        putPod(admitted)
        // Why φ is drawn: workers start when the pod is added; their phase against the container start is
        // unknowable from the API (kubernetes-facts §3.3), so each worker's first tick comes from the seed.
        let c = s.container
        let specs: [(ProbeKind, ProbeSpec?)] = [(.startup, c.startupProbe), (.liveness, c.livenessProbe),
                                                (.readiness, c.readinessProbe)]
        for (kind, spec) in specs {
            guard let spec else { continue }
            let phase = rng.uniform(0, Double(max(1, spec.periodSeconds)))
            workers.append(ProbeWorker(kind: kind, spec: spec, anchor: admitted.addingTimeInterval(phase)))
        }
        let pullStart = admitted.addingTimeInterval(0.4)
        switch s.imagePull {
        case .alreadyPresent:
            event(pullStart, "Normal", "Pulled", "Container image \"\(c.image)\" already present on machine")
            return pullStart.addingTimeInterval(0.2)
        case .pull(let seconds, let size):
            event(pullStart, "Normal", "Pulling", "Pulling image \"\(c.image)\"")
            let done = pullStart.addingTimeInterval(seconds)
            let d = SimFormat.goDuration(seconds: seconds)
            event(done, "Normal", "Pulled", "Successfully pulled image \"\(c.image)\" in \(d) (\(d) including waiting). "
                  + "Image size: \(size) bytes.")
            return done.addingTimeInterval(0.2)
        }
    }

    /// Creates and starts instance `instance` at `time`; returns its `startedAt`.
    private mutating func createContainer(at time: Date) -> Date {
        let c = scenario.container
        if instance > 0 {
            // Why "already present": restarts reuse the node's image with IfNotPresent (image_manager.go).
            event(time, "Normal", "Pulled", "Container image \"\(c.image)\" already present on machine")
        }
        let created = time.addingTimeInterval(0.25)
        let started = time.addingTimeInterval(0.5)
        if instance > 0 { emit(created, .rotateLog(namespace: scenario.namespace, pod: ids.podName, container: c.name)) }
        event(created, "Normal", "Created", scenario.kubelet.createdMessage(c.name))
        event(started, "Normal", "Started", scenario.kubelet.startedMessage(c.name))
        // Why: restartCount is the new instance's attempt number, so it is already 1 while the first
        // replacement runs; lastState holds the previous instance (kubernetes-facts §3.7).
        pod.restartCount = instance
        pod.lastState = lastDead
        pod.containerID = "containerd://" + rng.hex(64)
        pod.imagePulled = true
        pod.state = .running(startedAt: started)
        pod.started = c.startupProbe == nil
        pod.setReady(pod.started && c.readinessProbe == nil, at: started)
        putPod(started)
        if pod.ready { putOwners(started, readyReplicas: 1) }
        return started
    }
}
