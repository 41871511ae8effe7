import Testing

/// Runs checks that need another branch's implementation; while it is still the contract placeholder
/// their failures are recorded as a known issue (named), and they run as ordinary checks once merged.
func requiring(_ merged: Bool, _ what: String, _ body: () throws -> Void) {
    if merged {
        do { try body() } catch { Issue.record(error) }
    } else {
        withKnownIssue("needs \(what) (placeholder not yet merged)", isIntermittent: true) { try body() }
    }
}
