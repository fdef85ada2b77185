import TestSupport
import Foundation
import Program
import Testing
@testable import Bot

/// The next kit as the conversation decides it: the offer of kits not grown yet with the closing
/// words and in /status afterwards (never mid-journey, never for a kit already grown), a kit code
/// typed as a message, and the buttons and words left around the offer.
@Suite struct NextKitConversationTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let strings: BotStrings
    let conversation: Conversation
    static let shop = URL(string: "https://shop.example/sogreto?from=bot&x=1")!

    init() throws {
        strings = try loadStrings()
        var conversation = Conversation(strings: strings, engine: try loadEngine(), supportContact: nil)
        conversation.shopURL = Self.shop
        self.conversation = conversation
    }

    func decide(_ text: String, _ user: UserRecord?, language: String = "ru", at moment: Date? = nil) -> Decision {
        conversation.decide(Updates.text(text, language: language), user: user, admission: .allowed, now: moment ?? now)
    }

    func texts(_ decision: Decision) -> [String] {
        decision.actions.compactMap { if case .message(let text, _) = $0 { return text } else { return nil } }
    }

    func progress(_ user: UserRecord?) throws -> UserProgress {
        try #require(user?.progress.flatMap(ProgressCoding.decode))
    }

    /// A user whose journey on `code` is complete; `manifestoShown` leaves them at the manifesto, unread.
    func finished(_ code: String = "mg-2026-0001", language: String = "ru", manifestoShown: Bool = false) throws -> UserRecord {
        var user = try #require(decide("/start \(code)", nil, language: language).user)
        user.awaiting = nil // onboarding is long over at the end of a journey
        var progress = try progress(user)
        let manifesto = try #require(conversation.engine.catalog.program(id: progress.programID)?.stages.last?.id)
        progress.status = .completed
        progress.position = manifestoShown ? .nps : .finished
        progress.manifesto = "Мой манифест"
        progress.stagesCompleted[manifesto] = now.addingTimeInterval(-600)
        progress.manifestoReadAt = manifestoShown ? nil : now.addingTimeInterval(-300)
        user.progress = ProgressCoding.encode(progress)
        user.status = .completed
        return user
    }

    func offerText(_ decision: Decision) -> String? {
        texts(decision).first { $0.contains(strings.text("next_kit_how", decision.user?.locale ?? "ru")) }
    }

    @Test func statusAfterTheJourneyOffersTheKitsNotGrownYetWithTheShopLink() throws {
        for language in ["ru", "en"] {
            let user = try finished(language: language)
            let status = decide("/status", user, language: language)
            let offer = try #require(offerText(status), "\(language): \(texts(status))")
            let basil = try #require(conversation.engine.catalog.program(id: "basil")?.texts[language])
            #expect(offer.contains(strings.text("next_kit_title", language)))
            let kit = try TelegramHTML.plainText(of: basil.kitName), line = try TelegramHTML.plainText(of: basil.shopLine ?? "-")
            #expect(offer.contains(kit) && offer.contains(line))
            #expect(offer.contains("<a href=\"https://shop.example/sogreto?from=bot&amp;x=1\">"), "the link, escaped: \(offer)")
            let microgreens = try #require(conversation.engine.catalog.program(id: "microgreens")?.texts[language])
            #expect(!offer.contains(microgreens.shopLine ?? "-"), "the kit just grown is not offered")
            #expect(texts(status).first == offer, "the status with the offer under it: \(texts(status))")
        }
    }

    @Test func midJourneyAndOnceEveryKitIsGrownStatusSaysNothingOfKits() throws {
        var user = try #require(decide("/start mg-1", nil).user)
        user.awaiting = nil
        #expect(offerText(decide("/status", user)) == nil)
        // Both kits grown: microgreens earlier, basil now.
        var both = try finished("bs-2026-0001")
        var progress = try progress(both)
        progress.collection = [CollectedCard(programID: "microgreens", cardID: "patience", earnedAt: now, day: 0)]
        both.progress = ProgressCoding.encode(progress)
        #expect(offerText(decide("/status", both)) == nil)
    }

    @Test func theOfferComesOnceWithTheClosingWordsAfterThePracticeDiaryOffer() throws {
        let user = try finished(manifestoShown: true)
        let read = conversation.decide(Updates.callback("p:mr"), user: user, admission: .allowed, now: now)
        let all = texts(read)
        let diary = try #require(all.firstIndex(of: strings.text("diary_offer", "ru")))
        let offer = try #require(all.firstIndex { $0.contains(strings.text("next_kit_how", "ru")) })
        #expect(offer == diary + 1 && offer == all.count - 1)
        // Read again: the closing words were said, and so was the offer.
        let again = conversation.decide(Updates.callback("p:mr"), user: read.user, admission: .allowed, now: now.addingTimeInterval(60))
        #expect(offerText(again) == nil)
    }

    @Test func theSchedulersClosingWordsCarryTheOfferToo() throws {
        let world = try ReminderWorld()
        var dispatcher = world.dispatcher()
        dispatcher.shopURL = Self.shop
        let user = try finished(manifestoShown: true)
        let job = try #require(world.planner.plan(for: user, now: now).first { $0.kind == .ending && $0.slot == EndingPart.closingWords.rawValue })
        let result = dispatcher.dispatch([DueJob(id: 1, job: job)], user: user, now: job.dueAt)
        let actions = try #require(result.messages.first?.actions)
        #expect(actions.count == 3)
        guard case .message(let text, _) = actions.last else {
            Issue.record("no offer: \(actions)")
            return
        }
        #expect(text.contains(strings.text("next_kit_how", "ru")) && text.contains("shop.example"))
    }

    @Test func aKitCodeTypedAfterTheJourneyStartsTheNewKitKeepingTheOldOne() throws {
        let user = try finished()
        let decision = decide("  bs-2026-0042 ", user)
        let started = try progress(decision.user)
        #expect(started.programID == "basil" && started.kitCode == "bs-2026-0042")
        #expect(started.earlierJourneys?.last?.programID == "microgreens" && started.earlierJourneys?.last?.manifesto == "Мой манифест")
        #expect(texts(decision).first == strings.text("next_kit_started", "ru"), "a word before the welcome")
        #expect(decision.events.contains(AnalyticsEvent(kind: "next_kit", programID: "basil")))
        #expect(decision.events.contains(AnalyticsEvent(kind: "activated", programID: "basil", detail: "bs-2026-0042")))
        #expect(decision.user?.kitCode == "mg-2026-0001", "the funnel groups the user by their first kit")
    }

    @Test func wordsThatOnlyLookLikeACodeAreNoKitCode() throws {
        let user = try finished()
        for text in ["xx-123", "bs-", "basil-1 please", "mg-abc"] {
            let decision = decide(text, user)
            #expect(try progress(decision.user).programID == "microgreens", "\(text)")
            #expect(texts(decision) == [strings.text("text_after_journey", "ru")], "\(text)")
        }
        // A newcomer who types the code instead of scanning it starts that kit.
        let newcomer = decide("bs-7", nil)
        #expect(try progress(newcomer.user).programID == "basil")
    }

    @Test func aKitCodeTypedMidJourneyAsksFirstAndOldButtonsActNoMore() throws {
        var user = try #require(decide("/start mg-1", nil, language: "en").user)
        user.awaiting = nil
        let asked = decide("bs-2026-0042", user, language: "en")
        #expect(try progress(asked.user).pendingConfirmation == .switchKit(code: "bs-2026-0042"))
        #expect(texts(asked).last?.contains("your words and your collection stay") == true)
        // Typed words in between leave the question behind: its "yes" changes nothing then.
        let typed = decide("hello", asked.user, language: "en")
        let late = conversation.decide(Updates.callback("p:y"), user: typed.user, admission: .allowed, now: now)
        #expect(try progress(late.user).programID == "microgreens")
        #expect(late.events.isEmpty)
    }

    @Test(arguments: ["ru", "en"])
    func aCodeShapedAnswerToAQuestionIsTheAnswerNotAKitCode(language: String) throws {
        // Given a user whose current step waits for their words
        var user = try #require(decide("/start mg-1", nil, language: language).user)
        user.awaiting = nil
        var progress = try progress(user)
        progress.position = .step(stage: "planting", index: 3)
        progress.awaitingText = .answer(stage: "planting", step: "intention")
        user.progress = ProgressCoding.encode(progress)
        // When they answer with something shaped like a kit code
        let answered = decide("bs-2", user, language: language)
        // Then it is their answer: no "start Basil?" question, the journey stays
        let after = try self.progress(answered.user)
        #expect(after.programID == "microgreens" && after.pendingConfirmation == nil)
        #expect(after.answers["planting.intention"] == "bs-2")
        // And a question of the bot's own (a time zone typed in words) keeps it too
        var asked = try #require(decide("/start mg-1", nil, language: language).user)
        #expect(asked.awaiting != nil, "onboarding asks the time zone first")
        asked.progress = answered.user?.progress
        let zone = decide("bs-2", asked, language: language)
        #expect(try self.progress(zone.user).programID == "microgreens")
    }

    @Test func theRestartQuestionOfTheOldKitActsNoMoreOnceTheNewKitBegan() throws {
        let user = try finished()
        // The old kit's code again: "start over?" with its buttons.
        let asked = decide("/start mg-2026-0001", user)
        #expect(try progress(asked.user).pendingConfirmation == .reset)
        // Then the new kit is scanned: basil begins.
        let basil = decide("/start bs-2026-0042", asked.user)
        #expect(try progress(basil.user).programID == "basil")
        // The old "start over" pressed now must not throw the new journey away.
        let late = conversation.decide(Updates.callback("p:y", updateID: 9), user: basil.user, admission: .allowed, now: now)
        let after = try progress(late.user)
        #expect(after.programID == "basil" && after.earlierJourneys?.count == 1)
        #expect(!late.events.contains(AnalyticsEvent(kind: "reset", programID: "basil")))
    }
}
