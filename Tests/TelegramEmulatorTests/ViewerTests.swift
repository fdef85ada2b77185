import Foundation
import Testing
@testable import TelegramEmulator

@Suite("What a chat viewer (the sandbox's web chat) reads: revisions, chat actions, files")
struct ViewerTests {
    @Test func revisionMovesOnEveryChangeAUserWouldSeeAndOnlyThen() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            // Given a user's chat
            let user = await emulator.newUser(firstName: "Ира")
            let start = await emulator.revision(in: user.id)

            // When the user writes, the bot answers, edits its answer and deletes it
            await emulator.sendText("/start", from: user)
            let afterUser = await emulator.revision(in: user.id)
            let sent = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "hi"])
            let messageID = try #require(sent.result?["message_id"]?.int64Value)
            let afterBot = await emulator.revision(in: user.id)
            _ = try await client.json("editMessageText", [
                "chat_id": .int(user.id), "message_id": .int(messageID), "text": "hello"])
            let afterEdit = await emulator.revision(in: user.id)
            let refused = try await client.json("editMessageText", [
                "chat_id": .int(user.id), "message_id": .int(messageID), "text": "hello"])
            let afterRefusedEdit = await emulator.revision(in: user.id)
            _ = try await client.json("deleteMessage", ["chat_id": .int(user.id), "message_id": .int(messageID)])
            let afterDelete = await emulator.revision(in: user.id)

            // Then each visible change moved the revision, and the refused edit did not
            #expect(start < afterUser && afterUser < afterBot && afterBot < afterEdit)
            #expect(refused.ok == false)
            #expect(afterRefusedEdit == afterEdit)
            #expect(afterDelete > afterEdit)
            #expect(await emulator.revision(in: 42) == 0)
        }
    }

    @Test func chatActionShowsUntilTheBotsNextMessage() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            // Given a user's chat with nothing going on
            let user = await emulator.newUser(firstName: "A")
            #expect(await emulator.currentChatAction(in: user.id) == nil)

            // When the bot says it is uploading a photo
            _ = try await client.json("sendChatAction", ["chat_id": .int(user.id), "action": "upload_photo"])

            // Then the user sees it, until the bot's message arrives
            #expect(await emulator.currentChatAction(in: user.id) == "upload_photo")
            _ = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "here"])
            #expect(await emulator.currentChatAction(in: user.id) == nil)
        }
    }

    @Test func filesComeWithTheirTypeAndName() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            // Given a bot document and a user photo
            let user = await emulator.newUser(firstName: "A")
            let pdf = Data("%PDF-1.4 diary".utf8)
            _ = try await client.multipart(
                "sendDocument", fields: ["chat_id": String(user.id)],
                files: [.init(field: "document", fileName: "diary.pdf", contentType: "application/pdf", data: pdf)])
            try await emulator.sendPhoto(TestMedia.png(width: 40, height: 30), from: user)
            let transcript = await emulator.transcript(in: user.id)
            let documentID = try #require(transcript.first { $0.isFromBot }?.fileID)
            let photoID = try #require(transcript.first { !$0.isFromBot }?.fileID)

            // When a viewer fetches them
            let document = try #require(await emulator.file(id: documentID))
            let photo = try #require(await emulator.file(id: photoID))

            // Then the bytes, type and name are Telegram's
            #expect(document.data == pdf)
            #expect(document.mimeType == "application/pdf")
            #expect(document.fileName == "diary.pdf")
            #expect(photo.mimeType == "image/png")
            #expect(await emulator.file(id: "no-such-file") == nil)
        }
    }
}
