import Foundation
import Testing
import TelegramEmulator
@testable import Bot
@testable import Program

/// Micro-practices through the real bot on a moving clock: day 1's comes at the reminder time,
/// its question is answered by typing (with or without tapping "Answer") or ignored, the answer is kept
/// for the diary, and its question stays open until the next one replaces it or the user moves on.
@Suite(.serialized) struct MicroPracticeEndToEndTests {
    @Test func dayOnesMicroPracticeComesAloneAndItsAnswerIsKept() async throws {
        try await JourneyDays.run(language: "ru") { journey in
            try await journey.send("/start mg-1")
            try await journey.completePlanting()
            // When the next day comes (10:00 is the reminder time)
            let dayOne = try await journey.live(days: 1.2)
            // Then one message: the micro-practice with its question and "Answer", no nudge beside it
            #expect(dayOne.count == 1, "\(dayOne.map(\.shown))")
            let micro = try #require(dayOne.first)
            #expect(micro.shown.contains("Не подглядывай") && micro.shown.count < 400)
            #expect(micro.buttons.joined().compactMap(\.callbackData) == ["p:ra:guess"])

            // Words typed under it without tapping answer its question, and the reply names the question
            let typed = try await journey.send("Может, корешки")
            #expect(try await journey.progress().reflections == ["guess": "Может, корешки"])
            let kept = try #require(typed.last?.shown)
            #expect(kept.contains("Сохранено как ответ на вопрос") && kept.contains("под крышкой завтра")
                    && kept.contains("Может, корешки"), "\(kept)")
            // And words written again put it differently, as the reply offers
            try await journey.send("Белые корешки")
            #expect(try await journey.progress().reflections == ["guess": "Белые корешки"])

            // When the user taps "Answer", the kept answer is shown and the next words replace it
            let asked = try await journey.press("p:ra:guess")
            #expect(asked.last?.shown.contains("под крышкой завтра") == true)
            #expect(asked.last?.shown.contains("Белые корешки") == true)
            try await journey.send("Белые корешки и капли")
            #expect(try await journey.progress().reflections == ["guess": "Белые корешки и капли"])
            _ = try await journey.send("/status") // a command ends the question: later words are not filed
            try await journey.send("просто слово")
            #expect(try await journey.progress().reflections == ["guess": "Белые корешки и капли"])

            // On day 2 (the sprouts' stage not opened yet) the day-1 "Answer" still acts: the question is open
            _ = try await journey.live(days: 1)
            let again = try await journey.pressOld("p:ra:guess", on: micro)
            #expect(again.last?.shown.contains("Белые корешки") == true, "the answer kept is shown: \(again.map(\.shown))")
            #expect(try await journey.progress().awaitingText == .reflection(id: "guess"))
        }
    }

    /// "Answer" tapped on day 1, the words typed the next morning: kept and acknowledged, not
    /// the stray-text reply.
    @Test(arguments: ["ru", "en"])
    func anAnswerTypedTheNextDayIsKept(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            try await journey.send("/start mg-1")
            try await journey.completePlanting()
            _ = try await journey.live(days: 1.2)
            _ = try await journey.press("p:ra:guess")
            // When the next day has come (the sprouts' reminder with it) and the user types
            _ = try await journey.live(days: 1)
            let replies = try await journey.send("Tiny white roots")
            // Then the words are kept under day 1's question and the bot says so
            #expect(try await journey.progress().reflections == ["guess": "Tiny white roots"])
            let saved = journey.catalog.strings(for: language)[.answerSaved].components(separatedBy: "\n")[0]
            #expect(replies.contains { $0.shown.hasPrefix(saved) }, "\(replies.map(\.shown))")
            #expect(!replies.contains { $0.shown.contains(journey.textNotExpected(language)) })
        }
    }

    /// Day 1's question left unanswered: its old Answer, pressed on day 2, still asks it; on day 3
    /// the next question has replaced it, and the old button names the open one (with its
    /// Answer) and changes nothing.
    @Test(arguments: ["ru", "en"])
    func anOldAnswerActsUntilTheNextQuestionReplacesIt(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            try await journey.send("/start mg-1")
            try await journey.completePlanting()
            let dayOne = try #require(try await journey.live(days: 1.2).first)
            _ = try await journey.live(days: 1)
            // Day 2: the old button asks day 1's question
            let asked = try await journey.pressOld("p:ra:guess", on: dayOne)
            let guess = try #require(journey.microQuestion("guess", language))
            #expect(asked.contains { $0.shown.contains(guess) }, "\(asked.map(\.shown))")
            _ = try await journey.send("/status") // a word on day 2 (micro-practices follow activity)
            // Day 3: the next micro-practice comes with its own question
            let dayThree = try await journey.live(days: 1)
            let next = try #require(journey.microQuestion("mist-breath", language))
            #expect(dayThree.contains { $0.shown.contains(next) }, "\(dayThree.map(\.shown))")
            // When day 1's Answer is pressed now
            let before = try await journey.progress()
            let count = await journey.messages.count
            let query = await journey.bot.emulator.pressButton("p:ra:guess", on: dayOne.messageID, from: journey.user)
            let replies = try await journey.newMessages(after: count)
            // Then a kind reply names the open question with its own Answer, and nothing changes
            let reply = try #require(replies.last)
            #expect(reply.shown.contains(next) && !reply.shown.contains(guess), "\(reply.shown)")
            #expect(reply.buttons.joined().compactMap(\.callbackData) == ["p:ra:mist-breath"])
            #expect(await journey.bot.emulator.callbackAnswers(for: query).first?.text
                    != journey.bot.runtime.strings.text("stale_button", language))
            #expect(try await journey.progress() == before)
            // And the open question's Answer, pressed from that reply, takes the words
            _ = try await journey.press("p:ra:mist-breath")
            _ = try await journey.send("Rain")
            #expect(try await journey.progress().reflections == ["mist-breath": "Rain"])
        }
    }

    /// A user who went on to the next stage has left the question behind: its old Answer says so
    /// and names what Continue opens; the words typed after an Answer then are not filed under it.
    @Test func anAnswerPressedAfterTheUserMovedOnNamesWhatIsOpenNow() async throws {
        try await JourneyDays.run(language: "en") { journey in
            try await journey.send("/start mg-1")
            try await journey.completePlanting()
            let dayOne = try #require(try await journey.live(days: 1.2).first)
            _ = try await journey.live(days: 1)
            _ = try await journey.press("p:k") // the sprouts' reminder: the user opens the new stage
            let before = try await journey.progress()
            let replies = try await journey.pressOld("p:ra:guess", on: dayOne)
            let reply = try #require(replies.last)
            #expect(reply.shown.contains("That question is behind us") && reply.shown.contains("Sprouts"), "\(reply.shown)")
            #expect(reply.buttons.joined().compactMap(\.callbackData) == ["p:k"])
            #expect(try await journey.progress() == before)
        }
    }
}

extension JourneyDays {
    /// Presses `data` on an older message (not the newest carrying it) and returns the replies.
    @discardableResult
    func pressOld(_ data: String, on message: BotMessage) async throws -> [BotMessage] {
        let count = await messages.count
        await bot.emulator.pressButton(data, on: message.messageID, from: user)
        return try await newMessages(after: count)
    }

    /// The programs and engine strings as the running bot loaded them.
    var catalog: ProgramCatalog { bot.runtime.processor.conversation.engine.catalog }

    func microQuestion(_ id: String, _ language: String) -> String? {
        catalog.program(id: "microgreens")?.texts[language]?.micro[id]?.question
    }

    func textNotExpected(_ language: String) -> String {
        catalog.strings(for: language)[.textNotExpected]
    }
}
