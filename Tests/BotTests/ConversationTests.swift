import TestSupport
import Foundation
import Program
import Testing
@testable import Bot

@Suite struct ConversationTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let conversation: Conversation

    init() throws {
        conversation = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: "@sogreto_care")
    }

    func texts(_ decision: Decision) -> [String] {
        decision.actions.compactMap { if case .message(let text, _) = $0 { return text } else { return nil } }
    }

    func buttons(_ decision: Decision) -> [Bot.Button] {
        decision.actions.flatMap { action -> [Bot.Button] in
            if case .message(_, let keyboard?) = action { return keyboard.flatMap { $0 } }
            return []
        }
    }

    func started(_ code: String = "mg-2026_A", language: String = "ru") -> UserRecord? {
        conversation.decide(Updates.text("/start \(code)", language: language), user: nil, admission: .allowed, now: now).user
    }

    @Test func startWithAKitCodeBeginsTheProgramAndRecordsTheCode() throws {
        let decision = conversation.decide(Updates.text("/start mg-2026_A"), user: nil, admission: .allowed, now: now)
        let user = try #require(decision.user)
        #expect(user.status == .active)
        #expect(user.kitCode == "mg-2026_A")
        let progress = try #require(user.progress.flatMap { ProgressCoding.decode($0) })
        #expect(progress.programID == "microgreens")
        #expect(decision.events.first == AnalyticsEvent(kind: "activated", programID: "microgreens", detail: "mg-2026_A"))
        // Every button carries a bot prefix (p: the engine's, s: the reminder onboarding's) and fits Telegram's 64 bytes
        #expect(!buttons(decision).isEmpty)
        for button in buttons(decision) {
            #expect(button.data.hasPrefix("p:") || button.data.hasPrefix("s:"))
            #expect(button.data.utf8.count <= 64)
        }
    }

    @Test func aBasilKitStartsTheBasilProgram() throws {
        let progress = try #require(started("bs-0042")?.progress.flatMap { ProgressCoding.decode($0) })
        #expect(progress.programID == "basil")
    }

    @Test(arguments: ["has spaces!", String(repeating: "a", count: 65), "код"])
    func anUnreadableKitCodeIsNotRecordedButTheUserIsWelcomed(payload: String) {
        let decision = conversation.decide(Updates.text("/start \(payload)"), user: nil, admission: .allowed, now: now)
        #expect(decision.user?.kitCode == nil)
        #expect(decision.user?.status == .active)
        #expect(texts(decision).first?.contains("код набора") == true)
    }

    @Test func englishSpeakersGetEnglish() {
        let decision = conversation.decide(Updates.text("/help", language: "en"), user: nil, admission: .allowed, now: now)
        #expect(decision.user?.locale == "en")
        #expect(texts(decision).first?.contains("What I can do") == true)
    }

    @Test func pressingAProgramButtonMovesTheJourneyAndAnswersTheCallback() throws {
        let first = conversation.decide(Updates.text("/start mg-1"), user: nil, admission: .allowed, now: now)
        // The welcome asks for the zone first; Continue (as a reminder shows it) opens the practice
        #expect(buttons(first).allSatisfy { !$0.data.hasPrefix("p:") })
        let pressed = conversation.decide(Updates.callback("p:k"), user: first.user, admission: .allowed, now: now)
        guard case .answerCallback(_, nil, _)? = pressed.actions.first else { Issue.record("callback not answered"); return }
        #expect(pressed.user?.progress != first.user?.progress)
        #expect(texts(pressed).count >= 1)
    }

    @Test func pauseAndResumeGoThroughTheEngine() {
        let user = started()
        let paused = conversation.decide(Updates.text("/pause"), user: user, admission: .allowed, now: now)
        #expect(paused.user?.status == .paused)
        #expect(paused.events.map(\.kind) == ["paused"])
        let resumed = conversation.decide(Updates.text("/resume"), user: paused.user, admission: .allowed, now: now)
        #expect(resumed.user?.status == .active)
    }

    @Test func resetAsksFirstWithButtons() {
        let asked = conversation.decide(Updates.text("/reset"), user: started(), admission: .allowed, now: now)
        #expect(buttons(asked).count == 2)
        let progress = asked.user?.progress.flatMap { ProgressCoding.decode($0) }
        #expect(progress?.programID == "microgreens", "nothing is cleared before the confirmation")
    }

    @Test func answeringTheResetQuestionRemovesItsButtons() {
        // Given the "start over?" question on message 1
        let asked = conversation.decide(Updates.text("/reset"), user: started(), admission: .allowed, now: now)
        for answer in ["p:y", "p:x"] {
            // When the user answers it either way
            let decided = conversation.decide(Updates.callback(answer), user: asked.user, admission: .allowed, now: now)
            // Then the callback is answered and the question's keyboard is removed before anything else is said
            guard decided.actions.count >= 2, case .answerCallback = decided.actions[0] else {
                Issue.record("\(answer): callback not answered first"); continue
            }
            #expect(decided.actions[1] == .editKeyboard(messageID: 1, keyboard: nil), "\(answer)")
            #expect(!texts(decided).isEmpty, "\(answer) still says what happened")
        }
        // A step button keeps its message's keyboard: those messages stay navigable.
        let next = conversation.decide(Updates.callback("p:k"), user: started(), admission: .allowed, now: now)
        #expect(!next.actions.contains { if case .editKeyboard(_, nil) = $0 { return true } else { return false } })
    }

    @Test func forgedButtonsAreAnsweredKindlyAndChangeNothing() {
        let user = started()
        for data in ["", "x:1", String(repeating: "Ж", count: 40), "r:y"] {
            let decision = conversation.decide(Updates.callback(data), user: user, admission: .allowed, now: now)
            #expect(decision.actions.count == 1)
            guard case .answerCallback(_, let text?, _)? = decision.actions.first else {
                Issue.record("callback not answered for \(data)"); continue
            }
            #expect(text.contains("кнопка"))
            #expect(decision.user?.progress == user?.progress)
        }
        for data in ["p:", "p:n:nowhere.99", "p:" + String(repeating: "я", count: 30)] {
            let decision = conversation.decide(Updates.callback(data), user: user, admission: .allowed, now: now)
            #expect(decision.user?.progress == user?.progress, "a stale program button changes nothing")
            #expect(texts(decision).isEmpty, "only the button is answered")
            guard case .answerCallback(_, let text?, _)? = decision.actions.first, decision.actions.count == 1 else {
                Issue.record("callback not answered for \(data)"); continue
            }
            #expect(text.contains("кнопка"))
        }
    }

    @Test func textBeforeStartingPointsToStart() {
        #expect(texts(conversation.decide(Updates.text("привет"), user: nil, admission: .allowed, now: now)).first?.contains("/start") == true)
    }

    @Test func contactPointsToSupport() {
        let decision = conversation.decide(Updates.text("/contact"), user: nil, admission: .allowed, now: now)
        #expect(texts(decision).first?.contains("@sogreto_care") == true)
    }

    @Test func unknownCommandsGetAPointerToHelp() {
        #expect(texts(conversation.decide(Updates.text("/dance"), user: nil, admission: .allowed, now: now)).first?.contains("/help") == true)
    }

    @Test func groupsGetNoConversationOnlyAPointerForCommands() {
        let chatter = conversation.decide(Updates.text("hello all", chatType: "group"), user: nil, admission: .allowed, now: now)
        #expect(chatter == .nothing)
        let command = conversation.decide(Updates.text("/start", chatType: "supergroup"), user: nil, admission: .allowed, now: now)
        #expect(command.user == nil)
        #expect(texts(command).count == 1)
    }

    @Test func aFloodingUserGetsOneNoticeThenSilence() {
        let first = conversation.decide(Updates.text("spam"), user: nil, admission: .firstRejection, now: now)
        #expect(texts(first).first?.contains("быстро") == true)
        let later = conversation.decide(Updates.text("spam"), user: first.user, admission: .ignored, now: now)
        #expect(later.actions.isEmpty)
        let button = conversation.decide(Updates.callback("p:x"), user: first.user, admission: .ignored, now: now)
        #expect(button.actions.count == 1, "even an ignored button press stops the spinner")
    }

    @Test func blockingAndUnblockingAreRemembered() {
        let user = started()
        let kicked = ChatMemberUpdated(chat: Chat(id: 42, type: "private"), from: Updates.user(42), date: 0,
                                       oldChatMember: .init(status: "member"), newChatMember: .init(status: "kicked"))
        let blocked = conversation.decide(Update(updateID: 5, myChatMember: kicked), user: user, admission: .allowed, now: now)
        #expect(blocked.user?.isBlocked == true)
        #expect(blocked.cancelsPendingMessages)
        #expect(blocked.actions.isEmpty)
        var back = kicked
        back.oldChatMember = .init(status: "kicked")
        back.newChatMember = .init(status: "member")
        let unblocked = conversation.decide(Update(updateID: 6, myChatMember: back), user: blocked.user, admission: .allowed, now: now)
        #expect(unblocked.user?.isBlocked == false)
        #expect(texts(unblocked).count == 1)
    }

    @Test func editedMessagesAreIgnoredSilently() {
        var update = Update(updateID: 9)
        update.editedMessage = Message(messageID: 1, from: Updates.user(42), chat: Chat(id: 42, type: "private"), date: 0, text: "fix")
        #expect(conversation.decide(update, user: nil, admission: .allowed, now: now) == .nothing)
    }

    @Test func everyCommandReplyFitsTelegramsLimit() throws {
        for locale in ["ru", "en"] {
            var user = started(language: locale)
            for command in Conversation.menu + ["skipweek", "stop", "reset"] {
                let decision = conversation.decide(Updates.text("/\(command)", language: locale), user: user,
                                                   admission: .allowed, now: now)
                user = decision.user
                #expect(!decision.actions.isEmpty, "/\(command) in \(locale)")
                for text in texts(decision) { #expect(text.utf16.count <= 4096) }
            }
        }
    }
}

@Suite struct CommandParsingTests {
    @Test func parsesNamesMentionsAndPayloads() {
        #expect(Command(text: "/start mg-1")?.name == "start")
        #expect(Command(text: "/start mg-1")?.argument == "mg-1")
        #expect(Command(text: "/START@sogreto_bot")?.name == "start")
        #expect(Command(text: "/START@sogreto_bot")?.argument == nil)
        #expect(Command(text: "/") == nil)
        #expect(Command(text: "/ start") == nil)
        #expect(Command(text: "/привет") == nil)
        #expect(Command(text: "hello /start") == nil)
    }
}

@Suite struct BotStringsTests {
    @Test func everyLocaleHasEveryKeyAndEveryMenuEntry() throws {
        let strings = try loadStrings()
        #expect(strings.locales == ["en", "ru"])
        #expect(strings.locale(forLanguageCode: "en-GB") == "en")
        #expect(strings.locale(forLanguageCode: "de") == "ru")
        #expect(strings.locale(forLanguageCode: nil) == "ru")
        for locale in strings.locales {
            for command in Conversation.menu {
                let description = strings.text("command_\(command)", locale)
                #expect(description != "command_\(command)")
                #expect((3...256).contains(description.count))
            }
        }
    }

    @Test func aMissingKeyInALocaleIsReported() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"a":"А","b":"Б"}"#.write(to: directory.appendingPathComponent("bot.ru.json"), atomically: true, encoding: .utf8)
        try #"{"a":"A"}"#.write(to: directory.appendingPathComponent("bot.en.json"), atomically: true, encoding: .utf8)
        #expect { try BotStrings.load(from: directory) } throws: { "\($0)".contains("missing keys [\"b\"]") }
    }

    @Test func userNamesAreEscapedForHTML() throws {
        let strings = try loadStrings()
        #expect(strings.text("contact", "ru", ["contact": "<b>a&b</b>"]).contains("&lt;b&gt;a&amp;b&lt;/b&gt;"))
    }
}
