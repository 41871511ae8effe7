import Dispatch
import Foundation

/// Waits for SIGTERM or SIGINT without blocking a thread (a Dispatch signal source).
enum ShutdownSignal {
    /// Returns the signal number once one arrives (or nil when the task is cancelled).
    static func wait(for signals: [Int32] = [SIGTERM, SIGINT]) async -> Int32? {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [DispatchSourceSignal] = []
        for s in signals {
            signal(s, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: s, queue: .global())
            src.setEventHandler { continuation.yield(s) }
            src.resume()
            sources.append(src)
        }
        defer { for s in sources { s.cancel() } }
        return await withTaskCancellationHandler {
            var it = stream.makeAsyncIterator()
            return await it.next()
        } onCancel: {
            continuation.finish()
        }
    }
}
