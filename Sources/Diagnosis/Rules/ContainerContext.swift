/// Everything the rules read about one container, computed once from `Evidence` and never mutated.
public struct ContainerContext: Sendable {
    public var namespace: String
    public var podName: String
    public var containerName: String
    /// The container's spec (nil when the dump does not show it).
    public var spec: Container?
    public var status: ContainerStatus?
    /// True for a classic init container (not a native sidecar): Kubernetes forbids liveness and
    /// startup probes on those (pkg/apis/core/validation `validateInitContainers`), so no probe can kill it.
    public var isInitContainer: Bool
    public var pod: Pod
    /// Events about this container, plus pod-level events that can be attributed to it, oldest first.
    public var events: [ClassifiedEvent]
    /// Pod-level events (no container in fieldPath), classified.
    public var podEvents: [ClassifiedEvent]
    /// Terminated instances, oldest first: the watcher's history plus `lastState.terminated` (deduplicated).
    public var runs: [ContainerRun]
    /// The budget that kills a container which never becomes ready (startup probe if present, else liveness).
    public var budget: KillBudget?
    public var previousLogs: [String]?
    public var currentLogs: [String]?
    public var previousProgress: ProgressReport?
    public var currentProgress: ProgressReport?
    /// Signatures in the previous instance's log, then the current one's unless that instance is still running.
    public var signatures: [LogSignature]
    public var observedAt: KubeTime
    /// The served model and its estimated size, from the spec (nil when not a recognisable model server).
    public var model: ModelEstimate?
    /// Where the model cache lives and whether it survives a restart (nil without a spec).
    public var cache: CacheAssessment?
    public var settings: DiagnosisSettings

    public init(evidence: Evidence, containerName: String, settings: DiagnosisSettings = DiagnosisSettings()) {
        let pod = evidence.pod
        self.pod = pod
        namespace = pod.namespace
        podName = pod.name
        self.containerName = containerName
        spec = pod.container(named: containerName)
        status = pod.status(ofContainer: containerName)
        let initSpec = pod.spec?.initContainers?.first { $0.name == containerName }
        let initStatus = pod.status?.initContainerStatuses?.contains { $0.name == containerName } ?? false
        isInitContainer = (initSpec != nil || initStatus) && initSpec?.restartPolicy != "Always"
        let classified = evidence.events.map(ClassifiedEvent.init).sorted(by: ContainerContext.chronological)
        podEvents = classified.filter { $0.event.containerName == nil }
        events = classified.filter { ContainerContext.concerns($0, container: containerName, pod: pod) }
        runs = ContainerContext.runs(history: evidence.history[containerName] ?? [], status: status)
        budget = spec.flatMap { ProbeBudget.killBudget(for: $0, podGraceSeconds: pod.spec?.terminationGracePeriodSeconds) }
        let logs = evidence.logs[containerName]
        previousLogs = logs?.previous
        currentLogs = logs?.current
        previousProgress = logs?.previous.map(LogProgress.analyze)
        currentProgress = logs?.current.map(LogProgress.analyze)
        // A running replacement has not ended: its log cannot say why the previous instance did.
        let currentEnded = status?.state?.running == nil
        signatures = LogSignatures.scan(logs?.previous ?? []) + (currentEnded ? LogSignatures.scan(logs?.current ?? []) : [])
        observedAt = evidence.observedAt
        self.settings = settings
        model = spec.flatMap { ModelSize.estimate(for: $0, bytesPerParameter: settings.bytesPerParameter) }
        cache = spec.map { CacheLocator.assess($0, volumes: pod.spec?.volumes ?? []) }
    }

    static func chronological(_ a: ClassifiedEvent, _ b: ClassifiedEvent) -> Bool {
        (a.event.lastSeen?.seconds ?? 0) < (b.event.lastSeen?.seconds ?? 0)
    }

    /// Whether an event is about `container`: its fieldPath names it, or it is a pod-level event that
    /// names it in the message, or the pod has this single container (pasted tables often lose fieldPath).
    static func concerns(_ e: ClassifiedEvent, container: String, pod: Pod) -> Bool {
        if let c = e.event.containerName { return c == container }
        switch e.signal {
        case .evicted, .nodeOOMKilling, .failedScheduling, .failedMount, .recreateGroup, .other: return false
        default: break
        }
        if let named = EventSignals.containerNamed(in: e.event.message ?? "") { return named == container }
        let all = (pod.spec?.containers ?? []) + (pod.spec?.initContainers ?? [])
        if all.count == 1 { return all[0].name == container }
        if let image = pod.container(named: container)?.image, let message = e.event.message {
            return message.contains("\"\(image)\"")
        }
        return false
    }

    /// History plus `lastState.terminated` (and a terminal `state.terminated`), without duplicates.
    static func runs(history: [ContainerRun], status: ContainerStatus?) -> [ContainerRun] {
        var out = history
        for t in [status?.lastState?.terminated, status?.state?.terminated].compactMap({ $0 }) {
            let run = ContainerRun(t, restartCount: status?.restartCount)
            let duplicate = out.contains { $0.startedAt == run.startedAt && $0.finishedAt == run.finishedAt && $0.exitCode == run.exitCode }
            if !duplicate { out.append(run) }
        }
        return out.sorted { ($0.finishedAt?.seconds ?? .infinity) < ($1.finishedAt?.seconds ?? .infinity) }
    }
}

extension ContainerContext {
    /// Events with a given classification predicate.
    public func events(where match: (EventSignal) -> Bool) -> [ClassifiedEvent] {
        events.filter { match($0.signal) }
    }

    /// `Unhealthy` events of one probe kind.
    public func unhealthy(_ kind: ProbeKind) -> [(ClassifiedEvent, ProbeOutput)] {
        events.compactMap { e in
            if case .unhealthy(let k, let out) = e.signal, k == kind { return (e, out) }
            return nil
        }
    }

    /// `Killing` events that name a probe, with that probe.
    public var probeKills: [(ClassifiedEvent, ProbeKind)] {
        events.compactMap { e in
            if case .killing(.probe(let k, _)) = e.signal { return (e, k) }
            return nil
        }
    }

    /// Probe kills that can explain the latest termination: a Killing event whose last occurrence is at most
    /// one grace period (plus slack) before the latest `finishedAt`. A kill recorded long before the latest
    /// exit belongs to an earlier instance and says nothing about why the latest one ended.
    public var probeKillsForLatestRun: [(ClassifiedEvent, ProbeKind)] {
        guard let finished = runs.last?.finishedAt else { return probeKills }
        return probeKills.filter { kill, probe in
            guard let seen = kill.event.lastSeen else { return true }
            let grace = budget(of: probe)?.graceSeconds ?? ProbeBudget.defaultGraceSeconds
            return seen.distance(to: finished) <= Double(grace) + 10
        }
    }

    /// Runs whose duration is known.
    public var timedRuns: [(run: ContainerRun, seconds: Double)] {
        runs.compactMap { r in r.runSeconds.map { (r, $0) } }
    }

    public var waitingReason: String? { status?.state?.waiting?.reason }

    public func has(_ kind: LogSignature.Kind) -> Bool { signatures.contains { $0.kind == kind } }

    /// What the killed instance's log shows: the previous log first; else the current one, which is the last
    /// terminated instance's while the container waits (kubelet falls back to lastState, kubernetes-facts §4).
    /// A running replacement that already serves says nothing about how far the killed one got.
    public var progress: ProgressReport? {
        if let p = previousProgress, p.phase != nil { return p }
        guard let c = currentProgress, let phase = c.phase else { return nil }
        if status?.state?.running != nil, phase == .serving { return nil }
        return c
    }

    /// The budget of one specific probe of this container.
    public func budget(of kind: ProbeKind) -> KillBudget? {
        spec.flatMap { ProbeBudget.budget(of: kind, in: $0, podGraceSeconds: pod.spec?.terminationGracePeriodSeconds) }
    }
}
