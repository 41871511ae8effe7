#if canImport(Glibc)
import Glibc
#endif

/// Hands memory freed after a burst (the initial LIST of a large cluster: pages of JSON and decoded
/// objects, all released once the compact tracker is built) back to the operating system. glibc keeps
/// freed heap in its arenas otherwise, and the daemon's resident size would stay at the burst's peak.
/// `malloc_trim` is a glibc extension the Swift Glibc module does not import: looked up at run time.
enum MemoryTrim {
    /// Caps glibc's malloc arenas (M_ARENA_MAX, -8 in malloc.h) before any thread starts: with an arena
    /// per thread, a 10 k-pod initial LIST leaves several arenas of freed but resident memory. Measured
    /// with `restartwatch bench` at 10 k pods (BENCHMARKS.md): default arenas 5.7 KB of RSS per tracked
    /// pod and 51 MB/s live ingestion; 2 arenas 5.7 KB and 44 MB/s; 1 arena 4.1 KB and 31 MB/s (still 4×
    /// kubectl). Memory is what a watcher of large clusters must keep small, so: one arena. The tracker
    /// itself holds under 1 KB per pod (`bench --tracker-probe`). MALLOC_ARENA_MAX in the environment wins.
    static func limitArenas(_ count: Int32 = 1) {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil else { return }
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: MallOpt.self)(-8, count)
        #endif
    }

    static func afterBurst() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
