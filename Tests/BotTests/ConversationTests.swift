import Foundation
import Testing
@testable import Bot

@Suite struct ConversationTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let conversation: Conversation

    init() throws {
        conversation = Conversation(strings: try loadStrings(), supportContact: "@sogreto_care")
    }

    func texts(_ decision: Decision) -> [String] {
        decision.actions.compactMap { if case .message(let text, _) = $0 { return text } else { return nil } }
    }

    @Test func startWithAKitCodeActivatesTheUserAndRecordsTheCode() {
        let decision = conversation.decide(Updates.text("/start mg-2026_A"), user: nil, admission: .allowed, now: now)
        #expect(decision.user?.status == .active)
        #expect(decision.user?.kitCode == "mg-2026_A")
        #expect(decision.events == [AnalyticsEvent(kind: "activated", detail: "mg-2026_A")])
        #expect(texts(decision).first?.contains("Анна") == true)
    }

    @Test(arguments: ["has spaces!", String(repeating: "a", count: 65), "код"])
    func anInvalidKitCodeIsNotRecordedButTheUserIsWelcomed(payload: String) {
        let decision = conversation.decide(Updates.text("/start \(payload)"), user: nil, admission: .allowed, now: now)
        #expect(decision.user?.kitCode == nil)
        #expect(decision.user?.status == .active)
        #expect(texts(decision).count == 1)
    }

    @Test func englishSpeakersGetEnglish() {
        let decision = conversation.decide(Updates.text("/help", language: "en"), user: nil, admission: .allowed, now: now)
        #expect(decision.user?.locale == "en")
        #expect(texts(decision).first?.contains("What I can do") == true)
    }

    @Test func userNamesAreEscapedForHTML() {
        var update = Updates.text("/start")
        update.message?.from?.firstName = "<b>Ann & Co</b>"
        let decision = conversation.decide(update, user: nil, admission: .allowed, now: now)
        #expect(texts(decision).first?.contains("&lt;b&gt;Ann &amp; Co&lt;/b&gt;") == true)
    }

    @Test func pauseAndResumeToggleTheState() {
        let started = conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user
        let paused = conversation.decide(Updates.text("/pause"), user: started, admission: .allowed, now: now)
        #expect(paused.user?.status == .paused)
        let again = conversation.decide(Updates.text("/pause"), user: paused.user, admission: .allowed, now: now)
        #expect(again.user?.status == .paused)
        let resumed = conversation.decide(Updates.text("/resume"), user: paused.user, admission: .allowed, now: now)
        #expect(resumed.user?.status == .active)
    }

    @Test func resetAsksFirstAndOnlyTheConfirmationButtonResets() {
        var user = conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user
        user?.progress = "{}"
        let forged = conversation.decide(Updates.callback("r:y"), user: user, admission: .allowed, now: now)
        #expect(forged.user?.progress == "{}", "a confirmation nobody asked for is stale")
        let asked = conversation.decide(Updates.text("/reset"), user: user, admission: .allowed, now: now)
        guard case .message(_, let keyboard)? = asked.actions.first else { Issue.record("no question"); return }
        #expect(keyboard?.flatMap { $0 }.map(\.data) == ["r:y", "r:n"])
        let confirmed = conversation.decide(Updates.callback("r:y"), user: asked.user, admission: .allowed, now: now)
        #expect(confirmed.user?.progress == nil)
        #expect(confirmed.events == [AnalyticsEvent(kind: "reset")])
        guard case .answerCallback? = confirmed.actions.first else { Issue.record("callback not answered"); return }
    }

    @Test func forgedButtonsAreAnsweredKindlyAndChangeNothing() {
        let user = conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user
        for data in ["", "p:../../etc", String(repeating: "Ж", count: 40), "r:maybe"] {
            let decision = conversation.decide(Updates.callback(data), user: user, admission: .allowed, now: now)
            #expect(decision.actions.count == 1)
            guard case .answerCallback(_, let text?, _)? = decision.actions.first else {
                Issue.record("callback not answered for \(data)"); continue
            }
            #expect(text.contains("кнопка"))
            #expect(decision.user?.status == user?.status)
        }
    }

    @Test func contactPointsToSupport() {
        let decision = conversation.decide(Updates.text("/contact"), user: nil, admission: .allowed, now: now)
        #expect(texts(decision).first?.contains("@sogreto_care") == true)
    }

    @Test func unknownCommandsAndStrayTextGetAPointerToHelp() {
        #expect(texts(conversation.decide(Updates.text("/dance"), user: nil, admission: .allowed, now: now)).first?.contains("/help") == true)
        #expect(texts(conversation.decide(Updates.text("привет"), user: nil, admission: .allowed, now: now)).first?.contains("/help") == true)
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
        let button = conversation.decide(Updates.callback("r:y"), user: first.user, admission: .ignored, now: now)
        #expect(button.actions.count == 1, "even an ignored button press stops the spinner")
    }

    @Test func blockingAndUnblockingAreRemembered() {
        let user = conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user
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
        let strings = try loadStrings()
        for locale in strings.locales {
            for command in ["start", "help", "status", "pause", "resume", "reset", "contact"] {
                let decision = conversation.decide(Updates.text("/\(command)", language: locale), user: nil,
                                                   admission: .allowed, now: now)
                for text in texts(decision) { #expect(text.utf16.count <= 4096) }
            }
        }
    }
}

@Suite struct CommandParsingTests {
    @Test func parsesNamesMentionsAndPayloads() {
        #expect(Command(text: "/start mg-1") == Command(name: "start", argument: "mg-1"))
        #expect(Command(text: "/START@sogreto_bot") == Command(name: "start", argument: nil))
        #expect(Command(text: "/") == nil)
        #expect(Command(text: "/ start") == nil)
        #expect(Command(text: "/привет") == nil)
        #expect(Command(text: "hello /start") == nil)
    }
}

extension Command {
    init(name: String, argument: String?) {
        self.init(text: "/x")!
        self.name = name
        self.argument = argument
    }
}

@Suite struct BotStringsTests {
    @Test func everyLocaleHasEveryKey() throws {
        let strings = try loadStrings()
        #expect(strings.locales == ["en", "ru"])
        #expect(strings.locale(forLanguageCode: "en-GB") == "en")
        #expect(strings.locale(forLanguageCode: "de") == "ru")
        #expect(strings.locale(forLanguageCode: nil) == "ru")
    }

    @Test func aMissingKeyInALocaleIsReported() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"a":"А","b":"Б"}"#.write(to: directory.appendingPathComponent("bot.ru.json"), atomically: true, encoding: .utf8)
        try #"{"a":"A"}"#.write(to: directory.appendingPathComponent("bot.en.json"), atomically: true, encoding: .utf8)
        #expect { try BotStrings.load(from: directory) } throws: { "\($0)".contains("missing keys [\"b\"]") }
    }
}
