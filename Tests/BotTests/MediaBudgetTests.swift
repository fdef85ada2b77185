import Foundation
import Testing
@testable import Bot

@Suite struct MediaBudgetTests {
    @Test func theAlertLatchWarnsOncePerCrossingAndRearmsBelowEightyFivePercent() {
        let budget = MediaBudget(bytes: 1_000)
        var armed = true
        var warnings: [Int64] = []
        for used: Int64 in [500, 899, 900, 950, 880, 999, 860, 849, 870, 901, 1_200] {
            let step = budget.alertStep(used: used, armed: armed)
            if step.warn { warnings.append(used) }
            armed = step.armed
        }
        #expect(warnings == [900, 901])
    }

    @Test func levelsAndAdmission() {
        let budget = MediaBudget(megabytes: 1)
        #expect(budget.bytes == 1_048_576)
        #expect(budget.usage(of: 0).level == .normal)
        #expect(budget.usage(of: 943_719).level == .warning)
        #expect(budget.usage(of: 1_048_576).level == .full)
        #expect(budget.admits(1, used: 1_048_575))
        #expect(!budget.admits(2, used: 1_048_575))
    }

    @Test func theBudgetAndHTTPHostAreConfigured() throws {
        let cwd = URL(fileURLWithPath: "/srv/sogreto")
        let plain = try Configuration.load(from: [:], workingDirectory: cwd)
        #expect(plain.mediaBudget == nil)
        #expect(plain.httpHost == "127.0.0.1")
        let set = try Configuration.load(from: ["SOGRETO_MEDIA_BUDGET_MB": "2048", "SOGRETO_HTTP_HOST": "0.0.0.0"],
                                         workingDirectory: cwd)
        #expect(set.mediaBudget == MediaBudget(megabytes: 2048))
        #expect(set.httpHost == "0.0.0.0")
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(from: ["SOGRETO_MEDIA_BUDGET_MB": "lots"], workingDirectory: cwd)
        }
    }
}
