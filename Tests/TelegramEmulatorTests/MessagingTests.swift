import Foundation
import Testing
@testable import TelegramEmulator
import TestSupport

@Suite("Sending, editing and deleting messages over HTTP")
struct MessagingTests {
    @Test func sendMessageWithHTMLAndKeyboardProducesARealisticMessage() async throws {
        try await withEmulator { emulator, client in
            // Given a user
            let user = await emulator.newUser(firstName: "Анна")

            // When the bot sends formatted text with a keyboard
            let reply = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "<b>Привет</b>, &lt;друг&gt;", "parse_mode": "HTML",
                "reply_markup": ["inline_keyboard": [[["text": "Да", "callback_data": "yes"]]]],
            ])

            // Then Telegram's Message comes back and the user sees it
            #expect(reply.status == 200)
            #expect(reply.result?["text"]?.stringValue == "Привет, <друг>")
            #expect(reply.result?["message_id"]?.int64Value == 1)
            #expect(reply.result?["chat"]?["type"]?.stringValue == "private")
            #expect(reply.result?["from"]?["is_bot"]?.boolValue == true)
            #expect(reply.result?["entities"]?.arrayValue?.first?["type"]?.stringValue == "bold")
            #expect(reply.result?["reply_markup"]?["inline_keyboard"]?.arrayValue?.count == 1)
            let seen = try await emulator.waitForMessages(in: user.id, count: 1)
            #expect(seen[0].text == "Привет, <друг>")
            #expect(seen[0].html == "<b>Привет</b>, &lt;друг&gt;")
            #expect(seen[0].buttons == [[InlineButton(text: "Да", callbackData: "yes")]])
        }
    }

    @Test func messageIDsIncreasePerChatAcrossUserAndBotMessages() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let first = await emulator.sendText("/start", from: user)
            let reply = try await client.form("sendMessage", ["chat_id": String(user.id), "text": "hi"])
            #expect(first == 1)
            #expect(reply.result?["message_id"]?.int64Value == 2)
        }
    }

    @Test func parametersArriveByQueryFormJSONAndMultipart() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let byQuery = try await client.query("sendMessage", ["chat_id": String(user.id), "text": "q"])
            let byForm = try await client.form("sendMessage", ["chat_id": String(user.id), "text": "f"])
            let byJSON = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "j"])
            let byMultipart = try await client.multipart(
                "sendMessage", fields: ["chat_id": String(user.id), "text": "m"], files: [])
            #expect([byQuery, byForm, byJSON, byMultipart].map(\.ok) == [true, true, true, true])
            #expect(await emulator.messages(in: user.id).map(\.text) == ["q", "f", "j", "m"])
        }
    }

    @Test func textLimitsCountUTF16UnitsAfterEntityParsing() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            // 2048 emoji = 4096 UTF-16 units: exactly at the limit, however long the HTML around it
            let atLimit = "<b>" + String(repeating: "🌱", count: 2048) + "</b>"
            let accepted = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": .string(atLimit), "parse_mode": "HTML"])
            let overLimit = String(repeating: "🌱", count: 2048) + "!"
            let refused = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": .string(overLimit)])
            let emptyAfterParsing = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "<b> </b>", "parse_mode": "HTML"])
            #expect(accepted.ok)
            #expect(refused.status == 400)
            #expect(refused.description == "Bad Request: message is too long")
            #expect(emptyAfterParsing.description == "Bad Request: message text is empty")
        }
    }

    @Test func telegramErrorsForBadRequests() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let empty = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": ""])
            let badHTML = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "<b>x", "parse_mode": "HTML"])
            let unknownChat = try await client.json("sendMessage", ["chat_id": 42, "text": "x"])
            let noChat = try await client.json("sendMessage", ["text": "x"])
            let markdown = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "*x*", "parse_mode": "MarkdownV2"])
            #expect(empty.description == "Bad Request: message text is empty")
            #expect(badHTML.description
                == "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"")
            #expect(unknownChat.description == "Bad Request: chat not found")
            #expect(noChat.description == "Bad Request: chat_id is empty")
            #expect(markdown.status == 400)
            #expect(await emulator.messages(in: user.id).isEmpty)
        }
    }

    @Test func wrongTokenIsUnauthorizedAndUnknownMethodIsNotFound() async throws {
        try await withEmulator { emulator, _ in
            let stranger = BotAPITestClient(emulator: emulator, token: "999:wrong")
            let unauthorized = try await stranger.json("getMe")
            let unknown = try await BotAPITestClient(emulator: emulator).json("sendTelepathy")
            #expect(unauthorized.status == 401)
            #expect(unauthorized.description == "Unauthorized")
            #expect(unknown.status == 404)
            #expect(unknown.description == "Not Found")
        }
    }

    @Test func getMeDescribesTheBotAndMethodNamesAreCaseInsensitive() async throws {
        try await withEmulator { _, client in
            let me = try await client.json("getme")
            #expect(me.result?["id"]?.int64Value == 123456)
            #expect(me.result?["is_bot"]?.boolValue == true)
            #expect(me.result?["username"]?.stringValue == "sogreto_test_bot")
        }
    }

    @Test func callbackDataIsLimitedTo64BytesNotCharacters() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            func markup(_ data: String) -> JSONValue {
                ["inline_keyboard": [[["text": "b", "callback_data": .string(data)]]]]
            }
            // 32 Cyrillic letters are 64 bytes; 33 are 66
            let fits = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "pick", "reply_markup": markup(String(repeating: "ж", count: 32))])
            let tooLong = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "pick", "reply_markup": markup(String(repeating: "ж", count: 33))])
            let empty = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "pick", "reply_markup": markup("")])
            #expect(fits.ok)
            #expect(tooLong.description == "Bad Request: BUTTON_DATA_INVALID")
            #expect(empty.description == "Bad Request: BUTTON_DATA_INVALID")
        }
    }

    @Test func keyboardShapeIsValidated() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let flat: JSONValue = ["inline_keyboard": [["text": "a", "callback_data": "a"]]]
            let bothActions: JSONValue = ["inline_keyboard": [[["text": "a", "callback_data": "a", "url": "https://a.io"]]]]
            let noAction: JSONValue = ["inline_keyboard": [[["text": "a"]]]]
            let tooMany: JSONValue = .object(["inline_keyboard": .array((0..<11).map { _ in
                .array((0..<10).map { _ in ["text": "b", "callback_data": "d"] }) })])
            let valid: JSONValue = ["inline_keyboard": [[["text": "u", "url": "https://example.com"]]]]
            var descriptions: [String?] = []
            for markup in [flat, bothActions, noAction, tooMany, "not json", valid] {
                let reply = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "x", "reply_markup": markup])
                descriptions.append(reply.description)
            }
            #expect(descriptions[0]
                == "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays")
            #expect(descriptions[1]?.hasPrefix("Bad Request: can't parse inline keyboard button") == true)
            #expect(descriptions[2]
                == "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            #expect(descriptions[3] == "Bad Request: REPLY_MARKUP_TOO_LONG")
            #expect(descriptions[4] == "Bad Request: can't parse reply keyboard markup JSON object")
            #expect(descriptions[5] == nil)
        }
    }

    @Test func editMessageTextAppliesEditsAndRefusesNoOpsAndMissingMessages() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let sent = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "one",
                "reply_markup": ["inline_keyboard": [[["text": "b", "callback_data": "d"]]]]])
            let id = sent.result?["message_id"] ?? .null

            let edited = try await client.json("editMessageText", [
                "chat_id": .int(user.id), "message_id": id, "text": "<i>two</i>", "parse_mode": "HTML"])
            let same = try await client.json("editMessageText", [
                "chat_id": .int(user.id), "message_id": id, "text": "<i>two</i>", "parse_mode": "HTML"])
            let missing = try await client.json("editMessageText", [
                "chat_id": .int(user.id), "message_id": 999, "text": "x"])

            #expect(edited.result?["edit_date"] != nil)
            #expect(edited.result?["text"]?.stringValue == "two")
            #expect(same.description?.hasPrefix("Bad Request: message is not modified: ") == true)
            #expect(missing.description == "Bad Request: message to edit not found")
            let seen = await emulator.messages(in: user.id)
            #expect(seen.count == 1)
            #expect(seen[0].text == "two")
            #expect(seen[0].isEdited)
            // An edit without reply_markup removes the keyboard, as in Telegram
            #expect(seen[0].buttons.isEmpty)
        }
    }

    @Test func editMessageReplyMarkupAndDeleteMessage() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let sent = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "x"])
            let id = sent.result?["message_id"] ?? .null
            let markup: JSONValue = ["inline_keyboard": [[["text": "ok", "callback_data": "ok"]]]]
            let added = try await client.json("editMessageReplyMarkup", [
                "chat_id": .int(user.id), "message_id": id, "reply_markup": markup])
            let again = try await client.json("editMessageReplyMarkup", [
                "chat_id": .int(user.id), "message_id": id, "reply_markup": markup])
            #expect(added.ok)
            #expect(again.description?.hasPrefix("Bad Request: message is not modified") == true)
            #expect(await emulator.messages(in: user.id).first?.buttons.first?.first?.callbackData == "ok")

            let deleted = try await client.json("deleteMessage", ["chat_id": .int(user.id), "message_id": id])
            let deletedAgain = try await client.json("deleteMessage", ["chat_id": .int(user.id), "message_id": id])
            #expect(deleted.result?.boolValue == true)
            #expect(deletedAgain.description == "Bad Request: message to delete not found")
            #expect(await emulator.messages(in: user.id).isEmpty)
        }
    }

    @Test func buttonPressesReachTheBotAndAnswersAreRecorded() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let sent = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "x",
                "reply_markup": ["inline_keyboard": [[["text": "b", "callback_data": "go"]]]]])
            let messageID = Int(sent.result?["message_id"]?.int64Value ?? 0)

            let queryID = await emulator.pressButton("go", on: messageID, from: user)
            let updates = try await client.json("getUpdates")
            let query = updates.result?.arrayValue?.first?["callback_query"]
            #expect(query?["id"]?.stringValue == queryID)
            #expect(query?["data"]?.stringValue == "go")
            #expect(query?["message"]?["message_id"]?.int64Value == Int64(messageID))
            #expect(query?["chat_instance"]?.stringValue?.isEmpty == false)

            let answered = try await client.json("answerCallbackQuery", [
                "callback_query_id": .string(queryID), "text": "Готово", "show_alert": true])
            let twice = try await client.json("answerCallbackQuery", ["callback_query_id": .string(queryID)])
            let unknown = try await client.json("answerCallbackQuery", ["callback_query_id": "nope"])
            #expect(answered.ok)
            #expect(twice.status == 400)
            #expect(unknown.description
                == "Bad Request: query is too old and response timeout expired or query ID is invalid")
            #expect(await emulator.callbackAnswers(for: queryID) == [
                CallbackAnswer(text: "Готово", showAlert: true, url: nil, cacheTime: nil)])
        }
    }

    @Test func chatActionsAreRecordedAndUnknownOnesRefused() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            #expect(try await client.json("sendChatAction", ["chat_id": .int(user.id), "action": "typing"]).ok)
            #expect(try await client.json("sendChatAction", ["chat_id": .int(user.id), "action": "upload_photo"]).ok)
            let bad = try await client.json("sendChatAction", ["chat_id": .int(user.id), "action": "dancing"])
            #expect(bad.description == "Bad Request: wrong parameter action in request")
            #expect(await emulator.chatActions(in: user.id) == ["typing", "upload_photo"])
        }
    }

    @Test func unknownParametersAreIgnoredButRecorded() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let reply = try await client.json("sendMessage", [
                "chat_id": .int(user.id), "text": "x", "disable_notification": true, "colour": "green"])
            #expect(reply.ok)
            let entry = await emulator.requestLog().last
            #expect(entry?.method == "sendMessage")
            #expect(entry?.ignoredParameters == ["colour"])
            #expect(entry?.parameters["text"] == "x")
            #expect(entry?.httpStatus == 200)
        }
    }

    @Test func waitForMessagesExplainsWhatArrivedWhenItTimesOut() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            _ = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "only one"])
            let error = await #expect(throws: EmulatorError.self) {
                try await emulator.waitForMessages(in: user.id, count: 2, timeout: .milliseconds(200))
            }
            #expect(error?.description.contains("only one") == true)
        }
    }

    @Test func waitForMessagesReturnsAsSoonAsTheMessageArrives() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            async let waited = emulator.waitForMessages(in: user.id, count: 1, timeout: .seconds(5))
            // Once the wait has begun: a message sent before it would be found without waiting
            #expect(try await eventually { await emulator.state.messageWaiters[user.id]?.isEmpty == false })
            let start = ContinuousClock.now
            _ = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "now"])
            let messages = try await waited
            #expect(messages.map(\.text) == ["now"])
            // Had it waited for the timeout, `waited` would have thrown; a loaded machine may still be slow.
            #expect(ContinuousClock.now - start < .seconds(5), "before the 5 s timeout")
        }
    }

    @Test func chatChangesAnnounceWhichChatToRedraw() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let changes = await emulator.chatChanges()
            await emulator.sendText("hi", from: user)
            _ = try await client.json("sendChatAction", ["chat_id": .int(user.id), "action": "typing"])
            _ = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "hello"])
            var seen: [Int64] = []
            for await chatID in changes {
                seen.append(chatID)
                if seen.count == 3 { break }
            }
            #expect(seen == [user.id, user.id, user.id])
        }
    }
}
