import Foundation
import Testing
@testable import KubeClient

/// Table-driven tests of the reflector state machine in the style of client-go's
/// `reflector_test.go`: script the server's replies, record the requests (with their RVs).
@Suite struct ReflectorMachineTests {
    typealias Obj = KubeObject<String>

    static func obj(_ name: String, _ rv: String) -> Obj {
        KubeObject(header: ObjectHeader(name: name, namespace: "ml", resourceVersion: rv), object: name + "@" + rv)
    }
    static func page(_ rv: String?, _ items: [Obj], cont: String? = nil) -> ObjectList<String> {
        ObjectList(metadata: ListMeta(resourceVersion: rv, continue: cont), items: items)
    }
    static func err(_ kind: KubeError.Kind, retryAfter: Int? = nil) -> KubeError {
        KubeError(kind: kind, message: "\(kind)", retryAfterSeconds: retryAfter)
    }

    /// One scripted server reply to the next request.
    enum Reply {
        case page(ObjectList<String>)
        case listError(KubeError)
        case watchOpenError(KubeError)
        case stream([WatchEvent<String>], end: End)
    }
    enum End { case clean(Double), dropped(Double) }

    /// Runs the machine against a script; returns the requests made and the consumer's store.
    static func run(_ script: [Reply], seed: UInt64 = 1) -> (requests: [String], store: ObjectStore<String>, snapshots: Int) {
        var machine = ReflectorMachine<String>(config: ReflectorConfig(pageSize: 2, seed: seed))
        var store = ObjectStore<String>()
        var requests: [String] = []
        var snapshots = 0
        var commands = machine.reduce(.start)
        var replies = script[...]
        while true {
            var request: ReflectorCommand<String>?
            for c in commands {
                switch c {
                case .emit(let e):
                    if case .snapshot = e { snapshots += 1 }
                    store.apply(e)
                case .list, .watch: request = c
                }
            }
            guard let request else { break }
            requests.append(describe(request))
            guard let reply = replies.popFirst() else { break }
            commands = feed(reply, to: &machine, store: &store, snapshots: &snapshots)
        }
        return (requests, store, snapshots)
    }

    private static func feed(_ reply: Reply, to machine: inout ReflectorMachine<String>,
                             store: inout ObjectStore<String>, snapshots: inout Int) -> [ReflectorCommand<String>] {
        switch reply {
        case .page(let p): return machine.reduce(.listPage(p))
        case .listError(let e): return machine.reduce(.listFailed(e))
        case .watchOpenError(let e): return machine.reduce(.watchFailed(e))
        case .stream(let events, let end):
            for event in events {
                let cmds = machine.reduce(.watchEvent(event))
                if cmds.contains(where: \.isRequest) { return cmds }  // the driver abandons the stream
                for case .emit(let e) in cmds { store.apply(e) }
            }
            switch end {
            case .clean(let s): return machine.reduce(.watchEnded(elapsedSeconds: s))
            case .dropped(let s): return machine.reduce(.watchDropped(elapsedSeconds: s, err(.transport)))
            }
        }
    }

    static func describe(_ c: ReflectorCommand<String>) -> String {
        func d(_ delay: RequestDelay) -> String {
            switch delay {
            case .none: ""
            case .backoff: " after backoff"
            case .retryAfter(let s): " after \(s)s"
            }
        }
        switch c {
        case .list(let o, let delay):
            return "list rv=\(o.resourceVersion ?? "-") limit=\(o.limit.map(String.init) ?? "-")"
                + (o.continueToken.map { " continue=\($0)" } ?? "") + d(delay)
        case .watch(let o, let delay):
            let t = o.timeoutSeconds ?? 0
            #expect(t >= 300 && t < 600, "timeoutSeconds \(t) out of [300, 600)")
            #expect(o.allowWatchBookmarks)
            return "watch rv=\(o.resourceVersion ?? "-")" + d(delay)
        case .emit: return "emit"
        }
    }

    @Test func paginatedInitialListThenWatchFromListRV() {
        let r = Self.run([
            .page(Self.page(nil, [Self.obj("a", "3"), Self.obj("b", "4")], cont: "c1")),
            .page(Self.page("9", [Self.obj("c", "9")])),
            .stream([.added(Self.obj("d", "10"))], end: .clean(300)),
        ])
        #expect(r.requests == ["list rv=0 limit=2", "list rv=- limit=2 continue=c1", "watch rv=9", "watch rv=10"])
        #expect(r.store.objects.keys.sorted() == ["ml/a", "ml/b", "ml/c", "ml/d"])
        #expect(r.snapshots == 1)
    }

    @Test func inBand410RelistsFromLastSeenRVAndSnapshotReplacesAll() {
        let r = Self.run([
            .page(Self.page("5", [Self.obj("a", "1"), Self.obj("b", "2")])),
            .stream([.modified(Self.obj("a", "6")), .error(Status(message: "too old", reason: "Expired", code: 410)),
                     .added(Self.obj("phantom", "7"))], end: .clean(10)),
            .page(Self.page("20", [Self.obj("a", "6"), Self.obj("c", "19")])),
            .stream([], end: .clean(400)),
        ])
        // The relist after the watch 410 uses the last seen RV, unpaginated (watch cache serves it).
        #expect(r.requests == ["list rv=0 limit=2", "watch rv=5", "list rv=6 limit=-", "watch rv=20", "watch rv=20"])
        #expect(r.store.objects.keys.sorted() == ["ml/a", "ml/c"])  // b deleted while we were away; no phantom
        #expect(r.snapshots == 2)
    }

    @Test func expiredContinueTokenRestartsTheListWithEmptyRV() {
        let r = Self.run([
            .page(Self.page(nil, [Self.obj("a", "1"), Self.obj("b", "2")], cont: "c1")),
            .listError(Self.err(.expired)),
            .page(Self.page(nil, [Self.obj("a", "1"), Self.obj("b", "2")], cont: "c2")),
            .page(Self.page("30", [Self.obj("x", "30")])),
        ])
        #expect(r.requests == ["list rv=0 limit=2", "list rv=- limit=2 continue=c1", "list rv= limit=2",
                               "list rv=- limit=2 continue=c2", "watch rv=30"])
        #expect(r.snapshots == 1)  // the half list before the 410 was never handed out
        #expect(r.store.count == 3)
    }

    @Test func http410OnWatchOpenRelists() {
        let r = Self.run([.page(Self.page("5", [])), .watchOpenError(Self.err(.expired)), .page(Self.page("8", []))])
        #expect(r.requests == ["list rv=0 limit=2", "watch rv=5", "list rv=5 limit=-", "watch rv=8"])
    }

    @Test func bookmarkOnlyMovesTheRV() {
        let r = Self.run([
            .page(Self.page("5", [Self.obj("a", "1")])),
            .stream([.bookmark(resourceVersion: "50", annotations: [WatchEvent<String>.initialEventsEndAnnotation: "true"])],
                    end: .clean(60)),
            .stream([.bookmark(resourceVersion: "", annotations: [:])], end: .clean(60)),
        ])
        #expect(r.requests == ["list rv=0 limit=2", "watch rv=5", "watch rv=50", "watch rv=50"])
        #expect(r.store.count == 1 && r.store.resourceVersion == "5")
    }

    @Test func dropMidLineResumesFromLastDeliveredRV() {
        let r = Self.run([
            .page(Self.page("5", [])),
            .stream([.added(Self.obj("a", "6")), .modified(Self.obj("a", "7"))], end: .dropped(3)),
            .stream([.deleted(Self.obj("a", "8"))], end: .clean(400)),
        ])
        #expect(r.requests == ["list rv=0 limit=2", "watch rv=5", "watch rv=7", "watch rv=8"])
        #expect(r.store.count == 0)
    }

    @Test func tooManyRequestsWaitsRetryAfterWithoutRelist() {
        let r = Self.run([
            .page(Self.page("5", [])),
            .watchOpenError(Self.err(.tooManyRequests, retryAfter: 7)),
            .stream([.error(Status(reason: "TooManyRequests", details: StatusDetails(retryAfterSeconds: 3), code: 429))],
                    end: .clean(0.1)),
            .listError(Self.err(.tooManyRequests)),  // never reached: the script ends the watch first
        ])
        #expect(r.requests == ["list rv=0 limit=2", "watch rv=5", "watch rv=5 after 7s", "watch rv=5 after 3s"])
    }

    @Test func tooManyRequestsOnAListPageRetriesThatPage() {
        let r = Self.run([
            .page(Self.page(nil, [Self.obj("a", "1")], cont: "c1")),
            .listError(Self.err(.tooManyRequests, retryAfter: 2)),
            .page(Self.page("9", [Self.obj("b", "2")])),
        ])
        #expect(r.requests == ["list rv=0 limit=2", "list rv=- limit=2 continue=c1", "list rv=- limit=2 continue=c1 after 2s", "watch rv=9"])
        #expect(r.store.count == 2)
    }

    @Test func veryShortEmptyWatchIsAnErrorThatBacksOffAndRelists() {
        let r = Self.run([.page(Self.page("5", [])), .stream([], end: .clean(0.2)), .page(Self.page("6", []))])
        #expect(r.requests == ["list rv=0 limit=2", "watch rv=5", "list rv=5 limit=- after backoff", "watch rv=6"])
    }

    @Test func connectionRefusedRewatchesSameRVAfterBackoff() {
        let r = Self.run([.page(Self.page("5", [])), .watchOpenError(Self.err(.connectionFailed)),
                          .watchOpenError(Self.err(.serverError)), .page(Self.page("6", []))])
        #expect(r.requests == ["list rv=0 limit=2", "watch rv=5", "watch rv=5 after backoff",
                               "list rv=5 limit=- after backoff", "watch rv=6"])
    }

    @Test func listServerErrorBacksOffAndRestartsFromTheFirstPage() {
        let r = Self.run([
            .page(Self.page(nil, [Self.obj("a", "1")], cont: "c1")),
            .listError(Self.err(.serverError)),
            .page(Self.page("9", [Self.obj("b", "2")])),
        ])
        #expect(r.requests == ["list rv=0 limit=2", "list rv=- limit=2 continue=c1", "list rv=0 limit=2 after backoff", "watch rv=9"])
        #expect(r.store.objects.keys.sorted() == ["ml/b"])
    }

    @Test func secondExpiryInARowBacksOff() {
        let r = Self.run([.listError(Self.err(.expired)), .listError(Self.err(.resourceVersionTooLarge)), .page(Self.page("3", []))])
        #expect(r.requests == ["list rv=0 limit=2", "list rv= limit=2", "list rv= limit=2 after backoff", "watch rv=3"])
    }

    @Test func watchTimeoutsAreRandomisedAndDeterministicPerSeed() {
        func timeouts(seed: UInt64) -> [Int] {
            var m = ReflectorMachine<String>(config: ReflectorConfig(seed: seed))
            var out: [Int] = []
            var cmds = m.reduce(.start)
            cmds = m.reduce(.listPage(Self.page("1", [])))
            for _ in 0..<20 {
                for case .watch(let o, _) in cmds { out.append(o.timeoutSeconds ?? 0) }
                cmds = m.reduce(.watchEnded(elapsedSeconds: 500))
            }
            return out
        }
        let a = timeouts(seed: 42)
        #expect(a == timeouts(seed: 42))
        #expect(a != timeouts(seed: 43))
        #expect(Set(a).count > 5)
        #expect(a.allSatisfy { $0 >= 300 && $0 < 600 })
    }
}
