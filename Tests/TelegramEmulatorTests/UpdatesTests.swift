import Foundation
import Testing
@testable import TelegramEmulator
import TestSupport

@Suite("getUpdates long polling, offsets and webhooks")
struct UpdatesTests {
    @Test func userTextArrivesAsAMessageUpdateWithABotCommandEntity() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "Анна", languageCode: "ru", username: "anna")
            await emulator.sendText("/start kit_ABC-123", from: user)

            let reply = try await client.json("getUpdates")
            let message = reply.result?.arrayValue?.first?["message"]
            #expect(reply.result?.arrayValue?.first?["update_id"]?.int64Value != nil)
            #expect(message?["text"]?.stringValue == "/start kit_ABC-123")
            #expect(message?["entities"]?.arrayValue?.first?["type"]?.stringValue == "bot_command")
            #expect(message?["entities"]?.arrayValue?.first?["length"]?.int64Value == 6)
            #expect(message?["from"]?["language_code"]?.stringValue == "ru")
            #expect(message?["from"]?["is_bot"]?.boolValue == false)
            #expect(message?["chat"]?["id"]?.int64Value == user.id)
        }
    }

    @Test func offsetConfirmsEarlierUpdatesAndLimitBoundsTheBatch() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            for text in ["1", "2", "3"] { await emulator.sendText(text, from: user) }

            let firstTwo = try await client.json("getUpdates", ["limit": 2])
            let ids = firstTwo.result?.arrayValue?.compactMap { $0["update_id"]?.int64Value } ?? []
            #expect(ids.count == 2)
            // Without a higher offset nothing is confirmed
            #expect(await emulator.pendingUpdateCount() == 3)

            let rest = try await client.json("getUpdates", ["offset": .int((ids.last ?? 0) + 1)])
            #expect(rest.result?.arrayValue?.map { $0["message"]?["text"]?.stringValue } == ["3"])
            #expect(await emulator.pendingUpdateCount() == 1)

            let none = try await client.json("getUpdates", ["offset": .int((ids.last ?? 0) + 2)])
            #expect(none.result?.arrayValue?.isEmpty == true)
            #expect(await emulator.pendingUpdateCount() == 0)
        }
    }

    @Test func longPollReturnsAsSoonAsAnUpdateArrives() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            async let poll = client.json("getUpdates", ["timeout": 10])
            // Once the poll is waiting on the server (an update sent earlier would be answered at once)
            #expect(try await eventually { await emulator.state.waitingPollCount == 1 })
            let start = ContinuousClock.now
            await emulator.sendText("hello", from: user)
            let reply = try await poll
            #expect(reply.result?.arrayValue?.count == 1)
            #expect(ContinuousClock.now - start < .seconds(8), "well before the 10 s timeout")
        }
    }

    @Test func longPollHonoursItsTimeoutWhenNothingHappens() async throws {
        try await withEmulator { _, client in
            let start = ContinuousClock.now
            let reply = try await client.json("getUpdates", ["timeout": 1])
            let elapsed = ContinuousClock.now - start
            #expect(reply.result?.arrayValue?.isEmpty == true)
            #expect(elapsed >= .milliseconds(950))
            // Generous: a loaded 2-core test run can delay the reply by seconds, but nowhere near
            // the 50 s a poll may last had the emulator ignored the 1 s timeout.
            #expect(elapsed < .seconds(30))
        }
    }

    @Test func aSecondPollerTerminatesTheFirstWithConflict() async throws {
        try await withEmulator { emulator, client in
            async let first = client.json("getUpdates", ["timeout": 5])
            // Wait until the first poll is really waiting on the server, however busy the machine
            _ = try await eventually(within: .seconds(4)) { await emulator.state.waitingPollCount > 0 }
            let second = try await client.json("getUpdates", ["timeout": 0])
            let firstReply = try await first
            #expect(second.ok)
            #expect(firstReply.status == 409)
            #expect(firstReply.description?.hasPrefix("Conflict: terminated by other getUpdates request") == true)
        }
    }

    @Test func allowedUpdatesFiltersByType() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            await emulator.sendText("text", from: user)
            await emulator.pressButton("forged", on: 77, from: user)
            let reply = try await client.json("getUpdates", ["allowed_updates": ["callback_query"]])
            let updates = reply.result?.arrayValue ?? []
            #expect(updates.count == 1)
            #expect(updates.first?["callback_query"]?["data"]?.stringValue == "forged")
            // A press on a message that does not exist carries an inaccessible message (date 0)
            #expect(updates.first?["callback_query"]?["message"]?["date"]?.int64Value == 0)
        }
    }

    @Test func webhookBlocksGetUpdatesUntilDeletedWithDropPendingUpdates() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            await emulator.sendText("pending", from: user)
            let set = try await client.json("setWebhook", [
                "url": "https://bot.example.com/hook", "secret_token": "s3cret_token"])
            let info = try await client.json("getWebhookInfo")
            let conflict = try await client.json("getUpdates")
            let deleted = try await client.json("deleteWebhook", ["drop_pending_updates": true])
            let after = try await client.json("getUpdates")

            #expect(set.ok)
            #expect(info.result?["url"]?.stringValue == "https://bot.example.com/hook")
            #expect(info.result?["pending_update_count"]?.int64Value == 1)
            #expect(conflict.status == 409)
            #expect(conflict.description
                == "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
            #expect(deleted.ok)
            #expect(after.result?.arrayValue?.isEmpty == true)
        }
    }

    @Test func everyKindOfUserContentBecomesAnUpdate() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let contents: [SimulatedContent] = [
                .sticker(emoji: "🌱"), .voice(duration: 3), .audio(duration: 60, title: "Song"), .video(duration: 5),
                .videoNote(duration: 4), .animation, .location(latitude: 55.75, longitude: 37.62),
                .contact(phoneNumber: "+70000000000", firstName: "Bob"), .poll(question: "Q?", options: ["a", "b"]),
                .dice(emoji: "🎲"),
            ]
            for content in contents { await emulator.send(content, from: user) }
            let textID = await emulator.sendText("first", from: user)
            try await emulator.editText(messageID: textID, newText: "second", from: user)
            let stranger = await emulator.newUser(firstName: "B")
            await #expect(throws: EmulatorError.self) {
                try await emulator.editText(messageID: textID, newText: "hijack", from: stranger)
            }

            let updates = try await client.json("getUpdates").result?.arrayValue ?? []
            let keys = updates.compactMap { $0["message"]?.objectValue?.keys.filter {
                !["message_id", "from", "chat", "date"].contains($0) }.sorted().joined(separator: "+") }
            #expect(keys == [
                "sticker", "voice", "audio", "video", "video_note", "animation+document", "location", "contact", "poll",
                "dice", "entities+text",
            ].map { $0 == "entities+text" ? "text" : $0 })
            #expect(updates.last?["edited_message"]?["text"]?.stringValue == "second")
            #expect(updates.last?["edited_message"]?["edit_date"] != nil)
        }
    }

    @Test func blockingTheBotSendsMyChatMemberAndThenForbidsSends() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            await emulator.blockBot(by: user)
            let refused = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "still there?"])
            await emulator.unblockBot(by: user)
            let accepted = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "welcome back"])

            #expect(refused.status == 403)
            #expect(refused.description == "Forbidden: bot was blocked by the user")
            #expect(accepted.ok)
            let updates = try await client.json("getUpdates").result?.arrayValue ?? []
            let statuses = updates.map { $0["my_chat_member"]?["new_chat_member"]?["status"]?.stringValue }
            #expect(statuses == ["kicked", "member"])
            #expect(await emulator.messages(in: user.id).map(\.text) == ["welcome back"])
        }
    }

    @Test func rawUpdatesGetAnIDAndKeepTheirShape() async throws {
        try await withEmulator { emulator, client in
            try await emulator.enqueue(rawUpdate: ["update_id": 1, "poll_answer": ["poll_id": "p", "option_ids": [0]]])
            let update = try await client.json("getUpdates", ["allowed_updates": ["poll_answer"]]).result?.arrayValue?.first
            #expect(update?["poll_answer"]?["poll_id"]?.stringValue == "p")
            #expect((update?["update_id"]?.int64Value ?? 0) > 1)
        }
    }

    @Test func datesComeFromTheInjectedClock() async throws {
        let fixed = Date(timeIntervalSince1970: 1_900_000_000)
        try await withEmulator(.init(now: { fixed })) { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            await emulator.sendText("hi", from: user)
            let sent = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "yo"])
            let update = try await client.json("getUpdates").result?.arrayValue?.first
            #expect(update?["message"]?["date"]?.int64Value == 1_900_000_000)
            #expect(sent.result?["date"]?.int64Value == 1_900_000_000)
        }
    }
}
