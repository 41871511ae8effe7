import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wire formats of time used by the API server.
enum TimeFormat {
    private static func parts(_ date: Date) -> (tm, Int) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        var t = time_t(seconds)
        var out = tm()
        gmtime_r(&t, &out)
        let nanos = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000_000).rounded(.down))
        return (out, max(0, min(nanos, 999_999_999)))
    }

    private static func base(_ t: tm) -> String {
        String(format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday),
               Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec))
    }

    /// `metav1.Time`: RFC3339 with seconds precision (source: apimachinery meta/v1/time.go).
    static func rfc3339(_ date: Date) -> String { base(parts(date).0) + "Z" }

    /// `metav1.MicroTime`: exactly 6 fractional digits (source: meta/v1/micro_time.go `RFC3339Micro`).
    static func rfc3339Micro(_ date: Date) -> String {
        let (t, n) = parts(date)
        return base(t) + String(format: ".%06dZ", n / 1000)
    }

    /// Container log timestamps: fixed 9 fractional digits (source: cri-client pkg/logs `RFC3339NanoFixed`).
    static func rfc3339NanoFixed(_ date: Date) -> String {
        let (t, n) = parts(date)
        return base(t) + String(format: ".%09dZ", n)
    }

    /// HTTP `Date` header (RFC 7231 IMF-fixdate).
    static func httpDate(_ date: Date) -> String {
        let (t, _) = parts(date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = String(format: "%02d", Int(t.tm_mday))
        let clock = String(format: "%04d %02d:%02d:%02d", Int(t.tm_year) + 1900, Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec))
        return "\(days[Int(t.tm_wday)]), \(day) \(months[Int(t.tm_mon)]) \(clock) GMT"
    }
}
