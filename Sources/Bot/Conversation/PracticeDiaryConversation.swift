import Foundation
import Program

/// `/diary` and the diary button: the PDF is made by a "diary" media task (`PracticeDiaryHandler`), off
/// the update's transaction; meanwhile the chat shows "sending a file…".
extension Conversation {
    static let practiceDiaryPrefix = "d:"

    func practiceDiaryCommand(user: UserRecord) -> Decision {
        guard user.progress != nil else { return reply("diary_not_started", to: user) }
        var decision = Decision(user: user, actions: [.chatAction("upload_document")])
        decision.mediaTasks = [MediaTaskRequest(kind: MediaTaskKind.practiceDiary, payload: "{}")]
        return decision
    }

    /// `d:pdf`, the button under the completion message; anything else is a stale button.
    func practiceDiaryCallback(_ data: String, user: UserRecord, queryID: String, answer: OutboxAction) -> Decision {
        guard data == "pdf" else { return Decision(user: user, actions: [staleAnswer(queryID, user)]) }
        var decision = practiceDiaryCommand(user: user)
        decision.actions.insert(answer, at: 0)
        return decision
    }

    /// Once the manifesto has been read, the diary is offered right after the closing words (the
    /// closing question comes the next day, from the scheduler or Continue).
    func offeringPracticeDiary(in decision: Decision, events: [ProgramEvent], user: UserRecord) -> Decision {
        guard events.contains(.manifestoRead) else { return decision }
        var decision = decision
        decision.actions.append(Self.practiceDiaryOffer(strings: strings, locale: user.locale))
        return decision
    }

    /// "Your whole journey is in a diary" with its download button.
    static func practiceDiaryOffer(strings: BotStrings, locale: String) -> OutboxAction {
        .message(text: strings.text("diary_offer", locale),
                 keyboard: [[Button(strings.text("diary_button", locale), practiceDiaryPrefix + "pdf")]])
    }
}
