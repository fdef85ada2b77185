import Foundation
import Testing
import TelegramEmulator
@testable import Bot
import Program

/// Branches through the real bot: what the user sees under the lid picks the steps that follow
/// (mould → how to tell it from root hairs, then when the tray must go); typing instead of
/// tapping, skipping the question and old buttons behave as everywhere else.
@Suite(.serialized) struct BranchEndToEndTests {
    /// A planted user on day 2 with the sprouts stage open at its first step (the lid).
    func atTheLid(_ journey: JourneyDays) async throws -> BotMessage {
        try await journey.send("/start mg-1")
        try await journey.completePlanting()
        _ = try await journey.live(days: 2.1)
        try await journey.send("/continue")
        let lid = try #require(await journey.messages.last { $0.buttons.joined().contains { $0.callbackData == "p:c:sprouts.0.mould" } })
        #expect(try await journey.progress().position == .step(stage: "sprouts", index: 0))
        return lid
    }

    @Test func mouldLeadsToTheMouldStepsAndOldButtonsChangeNothing() async throws {
        try await JourneyDays.run(language: "ru") { journey in
            let lid = try await atTheLid(journey)
            // Typing instead of tapping: the question's buttons come again, nothing is chosen
            let typed = try await journey.send("плесень?")
            #expect(typed.last?.buttons.joined().contains { $0.callbackData == "p:c:sprouts.0.mould" } == true)
            #expect(try await journey.progress().choices.isEmpty)
            // When the user taps "Looks like mould" and goes on
            try await journey.press("p:c:sprouts.0.mould")
            let check = try await journey.press("p:n:sprouts.0")
            #expect(check.last?.shown.contains("шаг 2 из 4") == true && check.last?.shown.contains("Пушок или плесень") == true)
            let discard = try await journey.press("p:n:sprouts.3")
            #expect(discard.last?.shown.contains("сомневаешься — выбрасывай") == true)
            let notice = try await journey.press("p:n:sprouts.4")
            #expect(notice.last?.shown.contains("шаг 4 из 4") == true)
            #expect(try await journey.progress().position == .step(stage: "sprouts", index: 5))
            // An old Next on the lid's message, and a forged press of a branch not taken, change nothing
            let before = try await journey.progress()
            let count = await journey.messages.count
            let stale = journey.bot.runtime.strings.text("stale_button", "ru")
            for data in ["p:n:sprouts.0", "p:n:sprouts.1", "p:c:sprouts.0.cracked"] {
                let query = await journey.bot.emulator.pressButton(data, on: lid.messageID, from: journey.user)
                try await journey.bot.settle(idle: 0.1)
                #expect(await journey.bot.emulator.callbackAnswers(for: query).first?.text == stale, "\(data)")
            }
            #expect(await journey.messages.count == count)
            #expect(try await journey.progress() == before)
        }
    }

    @Test func skippingTheQuestionGoesStraightOnAndNothingSproutedHasItsOwnStep() async throws {
        try await JourneyDays.run(language: "en") { journey in
            _ = try await atTheLid(journey)
            let skipped = try await journey.press("p:s:sprouts.0")
            #expect(skipped.last?.shown.contains("step 2 of 2") == true, "\(skipped.last?.shown ?? "")")
            #expect(try await journey.progress().position == .step(stage: "sprouts", index: 5))
            // Back to the lid, "No change yet": the honest step about waiting and re-sowing
            try await journey.press("p:b:sprouts.5")
            try await journey.press("p:c:sprouts.0.no-change")
            let nothing = try await journey.press("p:n:sprouts.0")
            #expect(nothing.last?.shown.contains("sow again") == true, "\(nothing.last?.shown ?? "")")
            #expect(nothing.last?.buttons.joined().contains { isButton($0.callbackData, "p:wy:sprouts.2") } == true)
        }
    }
}
