import Testing
@testable import Diagnosis

@Suite struct RuleTableTests {
    let ids = RuleTable.rules.map(\.id)

    @Test func idsAreUniqueAndStable() {
        #expect(Set(ids).count == ids.count)
        #expect(ids.first == "image-pull")
        #expect(ids.last == "insufficient-evidence")
        #expect(RuleTable.rule(id: "probe-kill.timing") is ProbeKillTimingRule)
    }

    @Test func exclusionsRankBeforeAnyProbeBlame() throws {
        let firstBlame = try #require(ids.firstIndex(of: "probe-kill.event"))
        for exclusion in ["image-pull", "evicted", "oom-killed", "crash.start-error", "crash.log-signature",
                          "crash.init-container", "other.worker-timeout", "other.probe-http-status", "crash.exit-code"] {
            let i = try #require(ids.firstIndex(of: exclusion))
            #expect(i < firstBlame, "\(exclusion) must rank before probe-kill rules")
        }
    }
}
