import Foundation
import Testing
@testable import Program

/// The gentle pace is gentler on every kit (fewer themes, further apart), and microgreens'
/// sharing theme comes right after the harvest, when there is a full tray to share.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs"))
struct GentlePaceTests {
    @Test(arguments: ["microgreens", "basil"])
    func theGentlePaceBringsFewerThemesFurtherApart(kit: String) throws {
        let program = try #require(try Fixtures.loadReal().program(id: kit))
        var progress = UserProgress(program: program, kitCode: nil, locale: "ru", now: Journey.monday)
        let standard = ThemePlan(progress: progress, program: program).slots.map(\.day)
        progress.pace = "gentle"
        let gentle = ThemePlan(progress: progress, program: program).slots.map(\.day)
        let gaps = { (days: [Int]) in zip(days, days.dropFirst()).map { $1 - $0 } }
        #expect(gentle.count < standard.count, "\(gentle) vs \(standard)")
        #expect((gaps(gentle).min() ?? 0) > (gaps(standard).max() ?? 0) - 1 && (gaps(gentle).min() ?? 0) >= 3, "\(gentle)")
    }

    @Test func sharingComesFirstAfterTheHarvestAndTheDefaultsDoNotRepeatAnExercise() throws {
        let program = try #require(try Fixtures.loadReal().program(id: "microgreens"))
        let progress = UserProgress(program: program, kitCode: nil, locale: "ru", now: Journey.monday)
        let plan = ThemePlan(progress: progress, program: program)
        let harvest = try #require(program.stage("harvest"))
        #expect(plan.slots.first == .init(theme: "sharing", day: harvest.day + 1))
        // harvest.thanks is the gratitude practice and first-cut the mindful eating one
        #expect(!plan.slots.contains { ["gratitude", "taste"].contains($0.theme) })
    }
}
