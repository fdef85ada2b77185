import TestSupport
import Audio
import Foundation
import Program
import Testing
@testable import Bot

/// Text or audio in the pure conversation: which practices go as recordings, the fallback to
/// text, the per-step switch buttons and the choice itself.
@Suite struct AudioChoiceTests {
    let conversation: Conversation
    let directory: URL
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// A catalog with recordings of two planting steps (a practice and a question) in Russian;
    /// mapping never reads the files, so none exist.
    init() throws {
        directory = try temporaryDirectory()
        let entries: [AudioManifest.Entry] = [
            Self.entry(step: "prepare-tray", title: "Посадка · Готовим лоток", seconds: 184.4),
            Self.entry(step: "intention", title: "Посадка · С чем ты приходишь", seconds: 96),
        ]
        try AudioManifest(tracks: entries).write(to: directory.appendingPathComponent("manifest.json"))
        let catalog = try AudioCatalog.load(from: directory.appendingPathComponent("manifest.json"))
        conversation = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: nil,
                                    narrations: NarrationLibrary(catalog: catalog))
    }

    static func entry(step: String, title: String, seconds: Double) -> AudioManifest.Entry {
        var entry = AudioManifest.Entry(track: AudioTrack(
            program: "microgreens", locale: "ru", target: .step(stage: "planting", step: step),
            file: "generated/microgreens/ru/planting.\(step).mp3", url: URL(fileURLWithPath: "/unused"), title: title,
            narrator: "test", durationSeconds: seconds, sha256: String(repeating: "ab", count: 32)))
        entry.source = nil
        return entry
    }

    // MARK: - Driving the conversation

    func send(_ text: String, as user: UserRecord?) -> Decision {
        conversation.decide(Updates.text(text), user: user, admission: .allowed, now: now)
    }

    func press(_ data: String, as user: UserRecord, messageID: Int = 7) -> Decision {
        let message = Message(messageID: messageID, from: nil, chat: Chat(id: user.id, type: "private"), date: 0, text: "…")
        let update = Update(updateID: 9, callbackQuery: CallbackQuery(id: "q", from: Updates.user(user.id), message: message, data: data))
        return conversation.decide(update, user: user, admission: .allowed, now: now)
    }

    /// A user who started the program and chose `narration`, before the first step.
    func startedUser(narration: String?) throws -> UserRecord {
        var user = try #require(send("/start", as: nil).user)
        user.narration = narration
        user.conversation = nil
        return user
    }

    static func buttons(_ action: OutboxAction) -> [Bot.Button] {
        switch action {
        case .message(_, let keyboard), .audio(_, _, _, _, _, let keyboard), .editText(_, _, let keyboard),
             .editKeyboard(_, let keyboard):
            return (keyboard ?? []).flatMap { $0 }
        default: return []
        }
    }

    // MARK: - Steps

    @Test func aListenerGetsAStepWithARecordingAsAudioWithItsButtonsAndAReadButton() throws {
        // Given a user who chose audio
        let user = try startedUser(narration: "audio")
        // When the first step opens
        let decision = press("p:k", as: user)
        // Then it comes as sendAudio: title, performer Sogreto, whole-second duration, a short caption
        let audio = try #require(decision.actions.first { if case .audio = $0 { return true } else { return false } })
        guard case .audio(let file, let caption, let title, let performer, let duration, let keyboard) = audio else { return }
        #expect(title == "Посадка · Готовим лоток")
        #expect(performer == "Sogreto")
        #expect(duration == 184)
        let captionText = try #require(caption)
        #expect(captionText.contains("Готовим лоток"))
        #expect(try TelegramHTML.parsedLength(of: captionText) <= 1024)
        #expect(!captionText.contains("Вымой руки")) // the long text is in the recording, not the caption
        guard case .stored(let path, let fileName, let mimeType, let sha256) = file else { Issue.record("not a stored file"); return }
        #expect(path == directory.appendingPathComponent("generated/microgreens/ru/planting.prepare-tray.mp3").path)
        #expect(fileName == "planting.prepare-tray.mp3")
        #expect(mimeType == "audio/mpeg")
        #expect(sha256 == String(repeating: "ab", count: 32))
        // And it keeps the step's own buttons, with "Читать" last
        let rows = try #require(keyboard)
        #expect(rows.first?.contains { $0.data.hasPrefix("p:n:planting.0") } == true)
        #expect(rows.last == [Bot.Button("📖 Читать", "au:r:s.planting.prepare-tray")])
    }

    @Test func aReaderGetsTheTextWithAListenButtonAndUndecidedUsersRead() throws {
        for narration in ["text", nil] {
            // Given a user who reads (or has not chosen)
            let user = try startedUser(narration: narration)
            // When the first step opens
            let decision = press("p:k", as: user)
            // Then it is the full text, with "Слушать" under the step's buttons
            let step = try #require(decision.actions.last)
            guard case .message(let text, _) = step else { Issue.record("expected text"); return }
            #expect(text.contains("Вымой руки"))
            #expect(Self.buttons(step).last == Bot.Button("🎧 Слушать", "au:l:s.planting.prepare-tray"))
            #expect(!decision.actions.contains { if case .audio = $0 { return true } else { return false } })
        }
    }

    @Test func aStepWithoutARecordingFallsBackToTextSilently() throws {
        // Given a listener on the first step
        var user = try startedUser(narration: "audio")
        user = try #require(press("p:k", as: user).user)
        // When they move to "sowing", which has no recording
        let decision = press("p:n:planting.0", as: user)
        // Then it is plain text with no switch button and no apology
        #expect(decision.actions.count == 2) // the callback answer and the step
        guard case .message(let text, _) = decision.actions[1] else { Issue.record("expected text"); return }
        #expect(text.contains("шаг 2 из"))
        #expect(!Self.buttons(decision.actions[1]).contains { $0.data.hasPrefix("au:") })
    }

    @Test func aQuestionsCaptionCarriesTheHintAndLaterTheAnswer() throws {
        // Given a listener at the "intention" question (step 4)
        var user = try startedUser(narration: "audio")
        user = try #require(press("p:k", as: user).user)
        for index in 0..<2 { user = try #require(press("p:n:planting.\(index)", as: user).user) }
        let question = press("p:n:planting.2", as: user)
        guard case .audio(_, let caption?, _, _, _, _)? = question.actions.last else { Issue.record("expected audio"); return }
        // Then the caption keeps the hint of what to type
        #expect(caption.contains("шаг 4 из"))
        // When they answer and ask to read the step instead
        user = try #require(question.user)
        user = try #require(send("Усталость и любопытство", as: user).user)
        let read = press("au:r:s.planting.intention", as: user)
        // Then the full text comes with their answer, and a button to listen again
        guard case .message(let text, _) = read.actions.last else { Issue.record("expected text"); return }
        #expect(text.contains("Усталость и любопытство"))
        #expect(text.contains("Через двадцать дней"))
        #expect(Self.buttons(read.actions[1]).last?.data == "au:l:s.planting.intention")
        // Reading again does not move the user: only the step's copy number moves (the text sent is its newest copy)
        var moved = try #require(read.user?.progress.flatMap(ProgressCoding.decode))
        let stayed = try #require(user.progress.flatMap(ProgressCoding.decode))
        #expect(moved.pageCopy == (stayed.pageCopy ?? 0) + 1)
        moved.pageCopy = stayed.pageCopy
        #expect(moved == stayed)
        // And listening again gives the recording with the answer in its caption
        let listen = press("au:l:s.planting.intention", as: user)
        guard case .audio(_, let again?, _, _, _, _)? = listen.actions.last else { Issue.record("expected audio"); return }
        #expect(again.contains("Усталость и любопытство"))
    }

    @Test func aReShownStepEditsOnlyTheKeyboardSoItWorksOnARecording() throws {
        // Given a listener pressing an option on a step sent as a recording (message 7)
        let user = try startedUser(narration: "audio")
        var reshown = OutgoingMessage(text: "…", replacesSource: true, narrates: NarratedContent(
            item: .step(stage: "planting", step: "prepare-tray"), locale: "ru", caption: "c"))
        reshown.onlyButtonsChanged = true
        // When the engine re-shows the step with the option marked
        let action = conversation.programAction(for: reshown, programID: "microgreens", user: user, source: 7)
        // Then the keyboard is edited in place (Telegram cannot edit a recording into text)
        #expect(action == .editKeyboard(messageID: 7, keyboard: [[Bot.Button("📖 Читать", "au:r:s.planting.prepare-tray")]]))
    }

    @Test(arguments: ["text", "audio"])
    func backTurnsThePageInPlaceUnlessARecordingIsDue(narration: String) throws {
        // Given a user on the second planting step
        var user = try startedUser(narration: narration)
        user = try #require(press("p:k", as: user).user)
        user = try #require(press("p:n:planting.0", as: user).user)
        // When they press ← Back on that step's message (7)
        let back = press("p:b:planting.1", as: user)
        let shown = back.actions.dropFirst()
        if narration == "text" {
            // Then the same message shows the first step: edited, nothing new sent
            guard case .editText(7, let text, _)? = shown.first, shown.count == 1 else { Issue.record("\(shown)"); return }
            #expect(text.contains("шаг 1 из"))
        } else {
            // Then the first step's recording comes as a new message (a text cannot become audio)
            guard case .audio? = shown.first, shown.count == 1 else { Issue.record("\(shown)"); return }
        }
    }

    @Test func listeningToAPracticeWithoutARecordingIsAnsweredKindly() throws {
        var user = try startedUser(narration: "text")
        user = try #require(press("p:k", as: user).user)
        user = try #require(press("p:n:planting.0", as: user).user)
        let decision = press("au:l:s.planting.sowing", as: user)
        #expect(decision.actions == [.answerCallback(queryID: "q", text: "Для этой практики пока нет записи.", alert: false)])
    }

    @Test func stepsNotReachedAndMalformedDataAreStale() throws {
        var user = try startedUser(narration: "text")
        user = try #require(press("p:k", as: user).user)
        for data in ["au:l:s.planting.closing", "au:l:s.nope.x", "au:l:s.Planting.x", "au:x:s.planting.sowing", "au:l:", "au:m:loud"] {
            let decision = press(data, as: user)
            guard case .answerCallback(_, let text?, _)? = decision.actions.first, decision.actions.count == 1 else {
                Issue.record("\(data) was not answered as stale"); continue
            }
            #expect(text.contains("кнопка"))
        }
    }

    @Test func callbackDataStaysWithinTelegramsSixtyFourBytes() {
        let longest = String(repeating: "a", count: 24)
        let code = AudioItemCode.encode(.step(stage: longest, step: longest))
        #expect(("au:r:" + code).utf8.count <= 64)
        #expect(AudioItemCode.decode(code) == .step(stage: longest, step: longest))
        #expect(AudioItemCode.decode("h.calm") == .theme("calm"))
        #expect(AudioItemCode.decode("m.manifesto") == .stage("manifesto"))
        #expect(AudioItemCode.decode("h." + longest + "a") == nil)
    }

    // MARK: - The choice

    @Test func onboardingAsksTextOrAudioAfterTheReminderTimeAndRemembersTheAnswer() throws {
        // Given a new user who tapped a zone and then 09:00
        let start = send("/start", as: nil)
        let zone = press("s:o:Europe/Moscow", as: try #require(start.user))
        let time = press("s:om:540", as: try #require(zone.user), messageID: 8) // the time question is message 8
        // Then the bot asks how practices should come
        guard case .message(let question, let keyboard?)? = time.actions.last else { Issue.record("no question"); return }
        #expect(question.contains("читать или слушать"))
        #expect(keyboard.flatMap { $0 }.map(\.data) == ["au:o:text", "au:o:audio"])
        // When they choose audio
        let chosen = press("au:o:audio", as: try #require(time.user), messageID: 9)
        // Then it is saved and confirmed in place of the question
        #expect(chosen.user?.narration == "audio")
        guard case .editText(9, let text, nil) = chosen.actions[1] else { Issue.record("expected an edit"); return }
        #expect(text.contains("аудио"))
        // And the practice follows at once, as a recording
        #expect(chosen.actions.contains { if case .audio = $0 { return true } else { return false } })
        #expect(chosen.user?.awaiting == nil)
        // And choosing the time again later does not ask again
        let later = press("s:m:600", as: try #require(chosen.user))
        #expect(!later.actions.contains { Self.buttons($0).contains { $0.data.hasPrefix("au:o:") } })
        // And the onboarding question's buttons, pressed again later, change nothing
        let again = press("au:o:text", as: try #require(chosen.user), messageID: 9)
        #expect(again.user?.narration == "audio")
        #expect(again.actions.count == 1)
    }

    @Test func settingsShowTheChoiceAndSwitchIt() throws {
        var user = try startedUser(narration: "audio")
        let settings = send("/settings", as: user)
        guard case .message(let text, _)? = settings.actions.last else { Issue.record("no settings"); return }
        #expect(text.contains("аудио, где есть запись"))
        #expect(Self.buttons(settings.actions.last!).contains(Bot.Button("📖 Практики: читать текстом", "au:m:text")))
        let shown = try #require(settings.user)
        user = try #require(press("au:m:text", as: shown).user)
        #expect(user.narration == "text")
        #expect(Self.buttons(send("/settings", as: user).actions.last!).contains { $0.data == "au:m:audio" })
    }

    @Test func withoutRecordingsTheBotNeverOffersAudio() throws {
        let plain = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: nil)
        let start = plain.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now)
        let update = { (data: String, user: UserRecord, messageID: Int) in
            Update(updateID: 9, callbackQuery: CallbackQuery(id: "q", from: Updates.user(user.id),
                                                             message: Message(messageID: messageID, from: nil, chat: Chat(id: user.id, type: "private"), date: 0, text: "…"),
                                                             data: data))
        }
        let zone = plain.decide(update("s:o:Europe/Moscow", try #require(start.user), 7), user: start.user, admission: .allowed, now: now)
        let time = plain.decide(update("s:om:540", try #require(zone.user), 8), user: zone.user, admission: .allowed, now: now)
        #expect(time.user?.awaiting == nil) // no question: the practice follows "saved"
        #expect(!time.actions.contains { Self.buttons($0).contains { $0.data.hasPrefix("au:") } })
        let settings = plain.decide(Updates.text("/settings"), user: time.user, admission: .allowed, now: now)
        #expect(!settings.actions.contains { Self.buttons($0).contains { $0.data.hasPrefix("au:") } })
    }

    // MARK: - Outbox rows

    @Test func outboxRowsQueuedBeforePerformerAndChecksumsStillDecode() throws {
        // Given rows as an older bot wrote them (no performer, no sha256)
        let old = #"{"audio":{"file":{"stored":{"path":"media/a.mp3","fileName":"a.mp3","mimeType":"audio/mpeg"}},"caption":null,"title":"T","duration":60,"keyboard":null}}"#
        // When decoded
        let action = try JSONDecoder().decode(OutboxAction.self, from: Data(old.utf8))
        // Then the new fields are nil
        #expect(action == .audio(file: .stored(path: "media/a.mp3", fileName: "a.mp3", mimeType: "audio/mpeg"),
                                 caption: nil, title: "T", performer: nil, duration: 60, keyboard: nil))
        // And new rows round-trip
        let new = OutboxAction.audio(file: .stored(path: "/a.mp3", fileName: "a.mp3", mimeType: "audio/mpeg", sha256: "ab"),
                                     caption: "c", title: "T", performer: "Sogreto", duration: 1, keyboard: nil)
        #expect(try JSONDecoder().decode(OutboxAction.self, from: JSONEncoder().encode(new)) == new)
    }
}
