import Audio
import Foundation
import Program

/// Text or audio: the user's choice (asked once after the reminder time during onboarding,
/// changeable in /settings), practices sent as recordings to those who listen, and the per-step
/// "listen instead" / "read instead" buttons. Buttons carry `au:` callback data:
/// `au:m:text|audio` sets the choice, `au:l:ITEM` sends a practice's recording, `au:r:ITEM` its text.
extension Conversation {
    static let audioPrefix = "au:"
    /// What Telegram's player shows as the artist of every recording.
    static let performer = "Sogreto"

    enum NarrationForm: String {
        case text, audio
    }

    func narrationForm(of user: UserRecord) -> NarrationForm {
        user.narration == NarrationForm.audio.rawValue ? .audio : .text
    }

    // MARK: - Engine messages as outbox actions

    /// One engine message as the user receives it: a recording with a short caption when they
    /// listen and the practice has one, otherwise the text; a practice with a recording also gets
    /// a button for the other form.
    func programAction(for message: OutgoingMessage, programID: String?, user: UserRecord,
                       source messageID: Int?) -> OutboxAction {
        let keyboard = Self.programKeyboard(message)
        guard let narrates = message.narrates, let programID,
              let track = narrations.track(program: programID, for: narrates) else {
            if message.replacesSource, let messageID {
                return .editText(messageID: messageID, text: message.text, keyboard: keyboard)
            }
            return .message(text: message.text, keyboard: keyboard)
        }
        let form = previewsAsReader ? .text : narrationForm(of: user)
        if message.replacesSource, let messageID, message.onlyButtonsChanged {
            // A choice re-shows its step with the option marked: only the keyboard changes, and
            // editing the keyboard works on a recording as on a text.
            return .editKeyboard(messageID: messageID, keyboard: (keyboard ?? []) + [switchRow(narrates.item, from: form, user)])
        }
        if message.replacesSource, let messageID, form == .text {
            // Back as text: the page turns in place (Delivery sends it anew if the source was a recording).
            return .editText(messageID: messageID, text: message.text, keyboard: (keyboard ?? []) + [switchRow(narrates.item, from: form, user)])
        }
        return practiceAction(message, narrates: narrates, track: track, form: form, user: user)
    }

    private func practiceAction(_ message: OutgoingMessage, narrates: NarratedContent, track: AudioTrack,
                                form: NarrationForm, user: UserRecord) -> OutboxAction {
        let keyboard = (Self.programKeyboard(message) ?? []) + [switchRow(narrates.item, from: form, user)]
        switch form {
        case .text:
            return .message(text: message.text, keyboard: keyboard)
        case .audio:
            return .audio(file: .stored(path: track.url.path, fileName: track.url.lastPathComponent, mimeType: "audio/mpeg", sha256: track.sha256),
                          caption: narrates.caption, title: track.title, performer: Self.performer,
                          duration: track.durationWholeSeconds, keyboard: keyboard)
        }
    }

    private func switchRow(_ item: NarratedContent.Item, from form: NarrationForm, _ user: UserRecord) -> [Button] {
        let code = AudioItemCode.encode(item)
        switch form {
        case .text: return [Button(strings.text("listen_instead_button", user.locale), Self.audioPrefix + "l:" + code)]
        case .audio: return [Button(strings.text("read_instead_button", user.locale), Self.audioPrefix + "r:" + code)]
        }
    }

    /// The engine's buttons with the `p:` prefix, or nil when the message has none.
    static func programKeyboard(_ message: OutgoingMessage) -> [[Button]]? {
        message.buttons.isEmpty ? nil : message.buttons.map { row in row.map { Button($0.label, programPrefix + $0.payload) } }
    }

    // MARK: - Buttons

    /// A button with `au:` data (the prefix removed).
    func audioCallback(_ payload: String, user: UserRecord, answer: OutboxAction, source messageID: Int?, now: Date) -> Decision {
        var user = user
        let parts = payload.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return audioStale(user, answer) }
        switch parts[0] {
        case "m", "o":
            // `o` is the onboarding question's: it acts only while that question is being asked.
            let onboarding = user.awaiting == .onboardingNarration
            guard let form = NarrationForm(rawValue: parts[1]), parts[0] == "m" || onboarding else { return audioStale(user, answer) }
            user.narration = form.rawValue
            let text = strings.text(form == .audio ? "narration_saved_audio" : "narration_saved_text", user.locale)
            let reply: OutboxAction = messageID.map { .editText(messageID: $0, text: text, keyboard: nil) }
                ?? .message(text: text, keyboard: nil)
            guard onboarding else { return Decision(user: user, actions: [answer, reply]) }
            // The last onboarding answer: the practice follows at once.
            user.awaiting = nil
            return startingPractice(after: Decision(user: user, actions: [answer, reply]), now: now)
        case "l", "r":
            guard let item = AudioItemCode.decode(parts[1]) else { return audioStale(user, answer) }
            return sendAgain(item, as: parts[0] == "l" ? .audio : .text, user: user, answer: answer, now: now)
        default:
            return audioStale(user, answer)
        }
    }

    /// One practice once more in the other form, leaving the user where they are.
    private func sendAgain(_ item: NarratedContent.Item, as form: NarrationForm, user: UserRecord, answer: OutboxAction,
                           now: Date) -> Decision {
        guard let progress = user.progress.flatMap(ProgressCoding.decode),
              let (message, replayed) = engine.replay(item, progress: progress, context: programContext(user, now: now)),
              let narrates = message.narrates else {
            return audioStale(user, answer)
        }
        var user = user
        if replayed != progress { user.progress = ProgressCoding.encode(replayed) }
        guard let track = narrations.track(program: progress.programID, for: narrates) else {
            if form == .text { return Decision(user: user, actions: [answer, .message(text: message.text, keyboard: Self.programKeyboard(message))]) }
            guard case .answerCallback(let id, _, _) = answer else { return Decision(user: user, actions: [answer]) }
            return Decision(user: user, actions: [.answerCallback(queryID: id, text: strings.text("audio_unavailable", user.locale), alert: false)])
        }
        return Decision(user: user, actions: [answer, practiceAction(message, narrates: narrates, track: track, form: form, user: user)])
    }

    private func audioStale(_ user: UserRecord, _ answer: OutboxAction) -> Decision {
        guard case .answerCallback(let id, _, _) = answer else { return Decision(user: user, actions: [answer]) }
        return Decision(user: user, actions: [.answerCallback(queryID: id, text: strings.text("stale_button", user.locale), alert: false)])
    }

    func programContext(_ user: UserRecord, now: Date) -> ProgramContext {
        ProgramContext(now: now, timeZone: user.timeZone, locale: user.locale, userName: user.firstName, photoCount: 0)
    }

    // MARK: - Asking and settings

    /// After the reminder time is picked, users who have not chosen yet are asked: text or audio.
    func askingNarration(after decision: Decision) -> Decision {
        guard let user = decision.user, user.narration == nil, offersAudio(to: user) else { return decision }
        var decision = decision
        decision.actions.append(.message(text: strings.text("narration_question", user.locale), keyboard: [[
            Button(strings.text("narration_text_button", user.locale), Self.audioPrefix + "o:text"),
            Button(strings.text("narration_audio_button", user.locale), Self.audioPrefix + "o:audio"),
        ]]))
        return decision
    }

    /// /settings: the current choice under the reminder summary, and a button to switch.
    func addingNarrationSetting(to decision: Decision) -> Decision {
        guard let user = decision.user, offersAudio(to: user),
              let index = decision.actions.lastIndex(where: { if case .message = $0 { return true } else { return false } }),
              case .message(let text, let keyboard) = decision.actions[index] else { return decision }
        let listening = narrationForm(of: user) == .audio
        let summary = strings.text(listening ? "settings_narration_audio" : "settings_narration_text", user.locale)
        let button = listening
            ? Button(strings.text("settings_narration_to_text_button", user.locale), Self.audioPrefix + "m:text")
            : Button(strings.text("settings_narration_to_audio_button", user.locale), Self.audioPrefix + "m:audio")
        var decision = decision
        decision.actions[index] = .message(text: text + "\n" + summary, keyboard: (keyboard ?? []) + [[button]])
        return decision
    }

    /// Audio is offered only when the user's program (any, before they start) has recordings in
    /// their language: a catalog with only another language's would leave a listener with text.
    private func offersAudio(to user: UserRecord) -> Bool {
        narrations.hasTracks(program: user.progress.flatMap(ProgressCoding.decode)?.programID, locale: user.locale)
    }
}
