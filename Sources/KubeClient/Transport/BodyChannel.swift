import Foundation

/// Bounded hand-off of body bytes from the curl thread to one async consumer.
///
/// Why bounded: a slow consumer must not grow memory without limit. When `capacity` bytes are
/// waiting, `offer` refuses; the write callback then returns `CURL_WRITEFUNC_PAUSE` and libcurl
/// keeps the bytes and stops reading the socket. When the consumer has drained to half, the
/// channel asks the engine to `curl_easy_pause(CONT)`, which re-delivers the refused bytes.
final class BodyChannel: @unchecked Sendable {
    private struct State {
        var chunks: [Data] = []
        var head = 0
        var buffered = 0
        var producerPaused = false
        var finished = false
        var failure: KubeError?
        var cancelled = false
        var waiter: CheckedContinuation<Data?, any Error>?
    }

    let capacity: Int
    private let state = Locked(State())
    /// Called (from the consumer's thread) when a paused producer may continue.
    var onResume: @Sendable () -> Void = {}
    /// Called when the consumer cancels or goes away.
    var onCancel: @Sendable () -> Void = {}

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Producer side (curl thread). Returns false when full: the caller must pause the transfer.
    func offer(_ bytes: UnsafeRawBufferPointer) -> Bool {
        enum Outcome { case stored, refused, handTo(CheckedContinuation<Data?, any Error>) }
        let outcome: Outcome = state.withLock { s in
            if s.cancelled || s.finished { return .stored }  // dropped: nobody will read it
            if s.buffered >= capacity {
                s.producerPaused = true
                return .refused
            }
            if let w = s.waiter {
                s.waiter = nil
                return .handTo(w)
            }
            s.chunks.append(Data(bytes))
            s.buffered += bytes.count
            return .stored
        }
        switch outcome {
        case .stored: return true
        case .refused: return false
        case .handTo(let waiter):
            waiter.resume(returning: Data(bytes))
            return true
        }
    }

    /// Producer side: no more bytes; `error` nil for a clean end.
    func finish(error: KubeError?) {
        let waiter = state.withLock { s -> CheckedContinuation<Data?, any Error>? in
            guard !s.finished else { return nil }
            s.finished = true
            s.failure = error
            defer { s.waiter = nil }
            return s.waiter
        }
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
    }

    /// Bytes waiting for the consumer.
    var bufferedBytes: Int { state.withLock { $0.buffered } }

    /// Consumer side: the next chunk, nil at a clean end; throws the transfer's error.
    func next() async throws -> Data? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Data?, any Error>) in
                enum Action { case give(Data, resume: Bool), end, fail(any Error), wait }
                let action: Action = state.withLock { s in
                    if s.cancelled { return .fail(CancellationError()) }
                    if s.head < s.chunks.count {
                        let chunk = s.chunks[s.head]
                        s.head += 1
                        s.buffered -= chunk.count
                        if s.head > 64, s.head * 2 > s.chunks.count { s.chunks.removeFirst(s.head); s.head = 0 }
                        let resume = s.producerPaused && s.buffered <= capacity / 2
                        if resume { s.producerPaused = false }
                        return .give(chunk, resume: resume)
                    }
                    if s.finished { return s.failure.map { .fail($0) } ?? .end }
                    s.waiter = cont
                    return .wait
                }
                switch action {
                case .give(let chunk, let resume):
                    if resume { onResume() }
                    cont.resume(returning: chunk)
                case .end: cont.resume(returning: nil)
                case .fail(let e): cont.resume(throwing: e)
                case .wait: break
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Consumer side: stop the transfer and wake a pending `next()` with CancellationError.
    func cancel() {
        let (waiter, first) = state.withLock { s -> (CheckedContinuation<Data?, any Error>?, Bool) in
            let first = !s.cancelled && !s.finished
            s.cancelled = true
            defer { s.waiter = nil }
            return (s.waiter, first)
        }
        waiter?.resume(throwing: CancellationError())
        if first { onCancel() }
    }
}
