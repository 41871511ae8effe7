import Foundation

/// Text formats the simulated kubelet and model server print: API timestamps, Go durations,
/// vLLM log prefixes and tqdm progress fields.
enum SimFormat {
    /// Calendar fields of a UTC instant (proleptic Gregorian; no Foundation calendar, so it is fast and Sendable-free).
    struct UTCFields { var year, month, day, hour, minute, second: Int }

    static func fields(_ date: Date) -> UTCFields {
        let total = Int(floor(date.timeIntervalSince1970))
        let days = Int(floor(Double(total) / 86_400))
        let secs = total - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return UTCFields(year: year, month: month, day: day, hour: secs / 3600, minute: (secs / 60) % 60, second: secs % 60)
    }

    private static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `metav1.Time` on the wire: RFC 3339, whole seconds (truncated), UTC
    /// (why: apimachinery `pkg/apis/meta/v1/time.go` `MarshalJSON` formats with `time.RFC3339`).
    static func rfc3339(_ date: Date) -> String {
        let f = fields(date)
        return "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day))T\(pad(f.hour)):\(pad(f.minute)):\(pad(f.second))Z"
    }

    /// vLLM's logger prefix time, `MM-DD HH:MM:SS` (vllm/logger.py `_DATE_FORMAT = "%m-%d %H:%M:%S"`).
    static func vllmTime(_ date: Date) -> String {
        let f = fields(date)
        return "\(pad(f.month))-\(pad(f.day)) \(pad(f.hour)):\(pad(f.minute)):\(pad(f.second))"
    }

    /// Go `time.Duration.String()` for a whole number of milliseconds: `456ms`, `1.234s`, `4m47.129s`,
    /// `5m0s`, `1h0m0s` (why: kubelet prints durations with `%v`; the Pulled event truncates to ms).
    static func goDuration(milliseconds ms: Int64) -> String {
        if ms == 0 { return "0s" }
        if ms < 1000 { return "\(ms)ms" }
        let h = ms / 3_600_000, m = (ms / 60_000) % 60, s = (ms / 1000) % 60, frac = ms % 1000
        var out = ""
        if h > 0 { out += "\(h)h" }
        if h > 0 || m > 0 { out += "\(m)m" }
        out += "\(s)"
        if frac > 0 {
            var digits = pad(Int(frac), 3)
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        return out + "s"
    }

    static func goDuration(seconds: Double) -> String {
        goDuration(milliseconds: Int64((seconds * 1000).rounded(.down)))
    }

    /// tqdm `format_sizeof` with its default divisor 1000 (huggingface_hub bars use `unit="B", unit_scale=True`):
    /// `0.00`, `8.67G`, `13.4G`, `650M`.
    static func tqdmSize(_ value: Double) -> String {
        var num = value
        for unit in ["", "k", "M", "G", "T", "P"] {
            if abs(num) < 999.5 {
                if abs(num) < 99.95 {
                    if abs(num) < 9.995 { return String(format: "%1.2f", num) + unit }
                    return String(format: "%2.1f", num) + unit
                }
                return String(format: "%3.0f", num) + unit
            }
            num /= 1000
        }
        return String(format: "%3.1f", num) + "E"
    }

    /// tqdm `format_interval`: `MM:SS`, or `H:MM:SS` from one hour.
    static func tqdmInterval(_ seconds: Double) -> String {
        let t = max(0, Int(seconds))
        let (mins, s) = (t / 60, t % 60)
        let (h, m) = (mins / 60, mins % 60)
        return h > 0 ? "\(h):\(pad(m)):\(pad(s))" : "\(pad(m)):\(pad(s))"
    }

    /// tqdm percentage field `{percentage:3.0f}%`.
    static func tqdmPercent(_ done: Double, of total: Double) -> String {
        String(format: "%3.0f%%", total > 0 ? done / total * 100 : 0)
    }

    /// tqdm iteration rate: `5.00s/it` below one iteration per second, else `3.92it/s` (width 5, two decimals).
    static func tqdmIterRate(secondsPerIteration: Double) -> String {
        if secondsPerIteration > 1 { return String(format: "%5.2fs/it", secondsPerIteration) }
        return String(format: "%5.2fit/s", 1 / max(secondsPerIteration, 1e-9))
    }
}
