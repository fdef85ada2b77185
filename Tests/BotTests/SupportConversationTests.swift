import TestSupport
import Foundation
import Program
import Testing
@testable import Bot

@Suite struct SupportConversationTests {
    let strings: BotStrings
    let conversation: Conversation
    let now = instant("2026-03-01T09:00:00Z")
    let admin: Int64 = 900

    init() throws {
        strings = try loadStrings()
        conversation = Conversation(strings: strings, engine: try loadEngine(), supportContact: nil, adminIDs: [900, 901])
    }

    func decide(_ update: Update, _ user: UserRecord?) -> Decision {
        conversation.decide(update, user: user, admission: .allowed, now: now)
    }

    func started() throws -> UserRecord {
        var user = try #require(decide(Updates.text("/start mg-7"), nil).user)
        user.conversation = nil
        return user
    }

    @Test func theMessageAfterContactGoesToEveryAdminWithWhoSentIt() throws {
        // Given a user who sent /contact
        let user = try started()
        let asked = decide(Updates.text("/contact", updateID: 2), user)
        #expect(asked.user?.awaiting != nil)
        #expect(asked.actions.count == 1)
        // When they write
        let sent = decide(Updates.text("Семена <не> взошли", updateID: 3), try #require(asked.user))
        // Then they are thanked, not told "I'm not asking anything"
        #expect(sent.actions == [.message(text: strings.text("contact_sent", "ru"), keyboard: nil)])
        #expect(sent.user?.awaiting == nil)
        // And both admins get it, escaped, with id, name, language, kit, day and a Reply button
        #expect(sent.otherChats.map(\.chatID) == [900, 901])
        guard case .message(let text, let keyboard?) = sent.otherChats.first?.actions.first else {
            Issue.record("expected a text for the admins"); return
        }
        for part in ["42", "Анна", "ru", "mg-7", "Семена &lt;не&gt; взошли"] { #expect(text.contains(part), "\(part)") }
        #expect(keyboard.flatMap { $0 }.map(\.data) == ["ct:r:42.ru"])
        // And it is kept
        #expect(sent.supportMessages == [SupportMessage(userID: 42, direction: .fromUser, adminID: nil, kind: "text",
                                                        text: "Семена <не> взошли", fileID: nil)])
    }

    @Test func eachAdminReadsTheNoteInTheirOwnLanguage() throws {
        // Given admin 901 known to the bot in English, admin 900 never seen (so Russian)
        var bilingual = conversation
        bilingual.adminLocales = [901: "en"]
        let asked = try #require(bilingual.decide(Updates.text("/contact", updateID: 2), user: try started(), admission: .allowed, now: now).user)
        // When the user writes
        let sent = bilingual.decide(Updates.text("Help", updateID: 3), user: asked, admission: .allowed, now: now)
        // Then each admin's note and Reply button are in that admin's language; the reply still goes back in the user's
        let notes = Dictionary(uniqueKeysWithValues: sent.otherChats.compactMap { chat -> (Int64, (String, [[Bot.Button]]))? in
            guard case .message(let text, let keyboard?) = chat.actions.first else { return nil }
            return (chat.chatID, (text, keyboard))
        })
        #expect(notes[901]?.0.contains("Message via /contact") == true && notes[901]?.0.contains("Program day") == true)
        #expect(notes[901]?.1.first?.first == Bot.Button(strings.text("contact_reply_button", "en"), "ct:r:42.ru"))
        #expect(notes[900]?.0.contains("Сообщение через /contact") == true)
        #expect(notes[900]?.1.first?.first?.label == strings.text("contact_reply_button", "ru"))
    }

    @Test func aPhotoOrAVoiceNoteIsPassedOnAsAFile() throws {
        let asked = try #require(decide(Updates.text("/contact", updateID: 2), try started()).user)
        var photo = Message(messageID: 5, from: Updates.user(42), chat: Chat(id: 42, type: "private"), date: 0)
        photo.photo = [PhotoSize(fileID: "small", fileUniqueID: "s", width: 90, height: 90, fileSize: 100),
                       PhotoSize(fileID: "big", fileUniqueID: "b", width: 900, height: 900, fileSize: 9000)]
        photo.caption = "вот так"
        let sentPhoto = decide(Update(updateID: 5, message: photo), asked)
        guard case .photo(.telegram("big"), let caption?, _) = sentPhoto.otherChats.first?.actions.first else {
            Issue.record("expected the photo"); return
        }
        #expect(caption.contains("вот так"))
        #expect(sentPhoto.mediaTasks.isEmpty, "not taken into the photo diary")
        var voice = Message(messageID: 6, from: Updates.user(42), chat: Chat(id: 42, type: "private"), date: 0)
        voice.voice = Voice(fileID: "voice-1", fileUniqueID: "v1", duration: 4)
        let sentVoice = decide(Update(updateID: 6, message: voice), asked)
        guard case .document(.telegram("voice-1"), _, _) = sentVoice.otherChats.first?.actions.first else {
            Issue.record("expected the voice note as a file"); return
        }
        #expect(sentVoice.supportMessages.first?.kind == "voice")
        // A sticker is not passed on: the user is told what can be, and the question stays
        var sticker = Message(messageID: 7, from: Updates.user(42), chat: Chat(id: 42, type: "private"), date: 0)
        sticker.sticker = Present()
        let refused = decide(Update(updateID: 7, message: sticker), asked)
        #expect(refused.otherChats.isEmpty)
        #expect(refused.user?.conversation == asked.conversation)
    }

    @Test func cancelByButtonOrByAnyCommand() throws {
        let asked = try #require(decide(Updates.text("/contact", updateID: 2), try started()).user)
        let cancelled = decide(Updates.callback("ct:x", updateID: 3), asked)
        #expect(cancelled.user?.awaiting == nil)
        #expect(cancelled.actions.contains(.editText(messageID: 1, text: strings.text("contact_cancelled", "ru"), keyboard: nil)))
        let status = decide(Updates.text("/status", updateID: 4), asked)
        #expect(status.user?.awaiting == nil)
        #expect(status.otherChats.isEmpty)
        // After either, text is the program's again, nothing goes to the admins
        let stray = decide(Updates.text("привет", updateID: 5), try #require(status.user))
        #expect(stray.otherChats.isEmpty)
        // The Cancel button pressed again only answers
        #expect(decide(Updates.callback("ct:x", updateID: 6), try #require(cancelled.user)).actions.count == 1)
    }

    @Test func anAdminAnswersThroughTheBot() throws {
        // Given an admin pressed Reply under a message from user 42 (English)
        let admin = UserRecord(id: 900, firstName: "Team", languageCode: "ru", locale: "ru", now: now)
        let reply = decide(Updates.callback("ct:r:42.en", from: 900, updateID: 3), admin)
        let waiting = try #require(reply.user)
        #expect(waiting.awaiting != nil)
        // When the admin writes the answer
        let answered = decide(Updates.text("Try a warmer spot & wait", from: 900, updateID: 4), waiting)
        // Then it goes to the user in their language, escaped, and is kept
        #expect(answered.otherChats.map(\.chatID) == [42])
        guard case .message(let text, _) = answered.otherChats.first?.actions.first else { Issue.record("no answer"); return }
        #expect(text == strings.text("contact_reply_to_user", "en", ["text": "Try a warmer spot & wait"]))
        #expect(text.contains("&amp;"))
        #expect(answered.supportMessages.first?.direction == .toUser)
        #expect(answered.supportMessages.first?.adminID == 900)
        #expect(answered.user?.awaiting == nil)
        // A non-admin pressing a forged Reply button gets only a kind answer
        let user = try started()
        let forged = decide(Updates.callback("ct:r:43.ru", updateID: 5), user)
        #expect(forged.user?.awaiting == nil)
        #expect(forged.actions.count == 1)
    }
}
