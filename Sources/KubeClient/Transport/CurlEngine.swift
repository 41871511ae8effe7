import CCurl
import Dispatch
import Foundation

/// One multi handle driven by one dedicated thread; any number of transfers share it (and
/// multiplex over one HTTP/2 connection when the server offers h2).
///
/// Why a thread and the multi API: blocking curl calls on the 2-thread Swift concurrency pool
/// stalled unrelated tasks for seconds, and `curl_multi_wakeup` stops a transfer within a
/// millisecond while the easy API needed ~1 s (swift-libcurl-notes §1).
public final class CurlEngine: @unchecked Sendable {
    /// The process-wide engine.
    public static let shared = CurlEngine()

    private enum Op {
        case add(CurlTransfer)
        case abort(CurlTransfer, KubeError)
        case resume(CurlTransfer)
    }

    private let multi: UnsafeMutableRawPointer
    private let pending = Locked<[Op]>([])
    /// Engine thread only.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    /// How often idle streams are checked when nothing else happens.
    private let pollMillis: Int32 = 200

    public init() {
        _ = CurlGlobal.initialized
        multi = curl_multi_init()
        let thread = Thread { self.run() }
        thread.name = "restartwatch-curl"
        thread.start()
    }

    // The engine thread holds `self` for ever (see `run`), so there is no deinit path.

    private let activeCount = Locked(0)
    /// Number of transfers in flight (for tests and metrics).
    public var activeTransferCount: Int { activeCount.withLock { $0 } }

    func add(_ t: CurlTransfer) { submit(.add(t)) }
    func abort(_ t: CurlTransfer, _ reason: KubeError) { submit(.abort(t, reason)) }
    func resume(_ t: CurlTransfer) { submit(.resume(t)) }

    private func submit(_ op: Op) {
        pending.withLock { $0.append(op) }
        curl_multi_wakeup(multi)
    }

    private func run() {
        var running: Int32 = 0
        while true {
            applyPendingOps()
            curl_multi_perform(multi, &running)
            collectFinished()
            abortIdleTransfers()
            var fds: Int32 = 0
            curl_multi_poll(multi, nil, 0, pollMillis, &fds)
        }
    }

    private func applyPendingOps() {
        let ops = pending.withLock { ops -> [Op] in defer { ops.removeAll() }; return ops }
        for op in ops {
            switch op {
            case .add(let t):
                active[t.easy] = t
                activeCount.withLock { $0 += 1 }
                t.lastActivity = DispatchTime.now().uptimeNanoseconds
                curl_multi_add_handle(multi, t.easy)
            case .abort(let t, let reason):
                guard active[t.easy] != nil else { continue }
                t.abortReason = reason
                finish(t, code: CURLE_ABORTED_BY_CALLBACK)
            case .resume(let t):
                guard active[t.easy] != nil, t.paused else { continue }
                t.paused = false
                t.lastActivity = DispatchTime.now().uptimeNanoseconds
                // May call the write callback at once with the bytes refused earlier.
                curl_easy_pause(t.easy, Int32(ccurl_pause_cont))
            }
        }
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let msg = curl_multi_info_read(multi, &left) {
            guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle, let t = active[easy] else { continue }
            finish(t, code: msg.pointee.data.result)
        }
    }

    private func finish(_ t: CurlTransfer, code: CURLcode) {
        curl_multi_remove_handle(multi, t.easy)
        active[t.easy] = nil
        activeCount.withLock { $0 -= 1 }
        t.complete(code: code)
    }

    /// Why our own idle check: LOW_SPEED_TIME fires only after ~LOW_SPEED_TIME + 6 s because
    /// libcurl averages over 5 s (swift-libcurl-notes §1); a paused transfer is waiting for
    /// its consumer, not for the server, so it is never idle.
    private func abortIdleTransfers() {
        let now = DispatchTime.now().uptimeNanoseconds
        for t in active.values where !t.paused {
            guard let limit = t.idleTimeoutNanos, now &- t.lastActivity > limit else { continue }
            t.abortReason = KubeError(kind: .idleStream,
                                      message: "no data from the API server for \(Double(limit) / 1e9) s; treating the stream as dead")
            finish(t, code: CURLE_ABORTED_BY_CALLBACK)
        }
    }
}
