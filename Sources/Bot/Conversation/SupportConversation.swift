import Foundation
import Program

/// /contact: the user's next message (text, photo, voice note or file) goes to every admin in
/// SOGRETO_ADMIN_IDS with who sent it and a Reply button; an admin's Reply takes their next text
/// back to the user. Both directions are kept in `support_messages`. Buttons carry `ct:` data.
extension Conversation {
    static let supportPrefix = "ct:"

    /// /contact: the next message is for the team.
    func contactCommand(user: UserRecord) -> Decision {
        var user = user
        user.awaiting = .contact
        let cancel = [[Button(strings.text("contact_cancel_button", user.locale), Self.supportPrefix + "x")]]
        if let supportContact { return reply("contact", to: user, ["contact": supportContact], keyboard: cancel) }
        return reply("contact_missing", to: user, keyboard: cancel)
    }

    /// The message the user sent after /contact.
    func contactMessage(_ message: Message, user: UserRecord, now: Date) -> Decision {
        guard let content = SupportContent(message) else {
            return reply("contact_unsupported", to: user, keyboard: [[Button(strings.text("contact_cancel_button", user.locale), Self.supportPrefix + "x")]])
        }
        var user = user
        user.awaiting = nil
        var decision = reply("contact_sent", to: user)
        // Each admin reads the note in their own language.
        decision.otherChats = adminIDs.sorted().map { admin in
            let locale = adminLocales[admin] ?? BotStrings.defaultLocale
            let replyButton = [[Button(strings.text("contact_reply_button", locale), Self.supportPrefix + "r:\(user.id).\(user.locale)")]]
            return ChatActions(chatID: admin, actions: [content.forward(header: adminHeader(user, now: now, locale: locale), keyboard: replyButton)])
        }
        decision.supportMessages = [SupportMessage(userID: user.id, direction: .fromUser, adminID: nil,
                                                   kind: content.kind, text: content.text, fileID: content.fileID)]
        return decision
    }

    /// An admin's answer after pressing Reply: text only, sent to the user in their language.
    func adminReply(_ message: Message, admin: UserRecord, to userID: Int64, locale: String) -> Decision {
        guard let text = message.text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            return reply("contact_reply_text_only", to: admin)
        }
        var admin = admin
        admin.awaiting = nil
        var decision = reply("contact_reply_sent", to: admin)
        let answer = strings.text("contact_reply_to_user", locale, ["text": String(text.prefix(3500))])
        decision.otherChats = [ChatActions(chatID: userID, actions: [.message(text: answer, keyboard: nil)])]
        decision.supportMessages = [SupportMessage(userID: userID, direction: .toUser, adminID: admin.id,
                                                   kind: "text", text: text, fileID: nil)]
        return decision
    }

    /// A button with `ct:` data: Cancel under the /contact prompt, Reply under a forwarded message.
    func supportCallback(_ payload: String, user: UserRecord, answer: OutboxAction, queryID: String,
                         source messageID: Int?) -> Decision {
        var user = user
        if payload == "x" {
            guard user.awaiting == .contact else { return Decision(user: user, actions: [staleAnswer(queryID, user)]) }
            user.awaiting = nil
            let text = strings.text("contact_cancelled", user.locale)
            let shown: OutboxAction = messageID.map { .editText(messageID: $0, text: text, keyboard: nil) } ?? .message(text: text, keyboard: nil)
            return Decision(user: user, actions: [answer, shown])
        }
        let fields = payload.hasPrefix("r:") ? payload.dropFirst(2).split(separator: ".", maxSplits: 1).map(String.init) : []
        guard adminIDs.contains(user.id), fields.count == 2, let target = Int64(fields[0]), target > 0,
              strings.locales.contains(fields[1]) else {
            return Decision(user: user, actions: [staleAnswer(queryID, user)])
        }
        user.awaiting = .reply(userID: target, locale: fields[1])
        let prompt = strings.text("contact_reply_prompt", user.locale, ["id": String(target)])
        return Decision(user: user, actions: [answer, .message(text: prompt, keyboard: nil)])
    }

    /// Who wrote, for the admins: id, name, language, kit and program day.
    private func adminHeader(_ user: UserRecord, now: Date, locale: String) -> String {
        let progress = user.progress.flatMap(ProgressCoding.decode)
        let day = progress.map { String(engine.programDay(of: $0, now: now, timeZone: user.timeZone)) } ?? "—"
        return strings.text("contact_admin_header", locale, [
            "id": String(user.id), "name": user.firstName, "language": user.languageCode ?? user.locale,
            "kit": user.kitCode ?? progress?.programID ?? "—", "day": day,
        ])
    }
}

/// What a user sent to the team, as it is passed on and kept.
struct SupportContent {
    let kind: String
    let text: String?
    let fileID: String?

    init?(_ message: Message) {
        if let text = message.text {
            (kind, self.text, fileID) = ("text", text, nil)
        } else if let largest = message.photo?.max(by: { $0.width * $0.height < $1.width * $1.height }) {
            (kind, text, fileID) = ("photo", message.caption, largest.fileID)
        } else if let voice = message.voice {
            (kind, text, fileID) = ("voice", message.caption, voice.fileID)
        } else if let audio = message.audio {
            (kind, text, fileID) = ("audio", message.caption, audio.fileID)
        } else if let document = message.document {
            (kind, text, fileID) = ("document", message.caption, document.fileID)
        } else {
            return nil
        }
    }

    /// The admins' copy: the header, then the user's words; a photo as a photo, anything else as a file.
    func forward(header: String, keyboard: [[Button]]) -> OutboxAction {
        let words = text.map { TelegramHTML.escape($0, truncatedTo: fileID == nil ? 3500 : 700) }
        let body = header + (words.map { "\n\n" + $0 } ?? "")
        switch (kind, fileID) {
        case ("photo", let id?): return .photo(file: .telegram(fileID: id), caption: body, keyboard: keyboard)
        case (_, let id?): return .document(file: .telegram(fileID: id), caption: body, keyboard: keyboard)
        default: return .message(text: body, keyboard: keyboard)
        }
    }
}
