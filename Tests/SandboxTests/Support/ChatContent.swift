import Foundation
import TelegramEmulator
import Testing
@testable import Sandbox

/// Chats filled by playing the bot's side of the Bot API.
enum ChatContent {
    /// Given a chat where the bot used every kind of content the program needs.
    static func fillChat(_ sandbox: Sandbox, _ client: SandboxClient) async throws -> (chatID: Int64, editedID: Int) {
        let created = try await client.post("/api/users", json: ["firstName": "Rita", "languageCode": "en"])
        let chatID = try #require(created.json?["id"] as? Int64)
        let bot = BotSide(emulator: sandbox.emulator)
        await sandbox.emulator.setFloodLimits(.none)
        let keyboard: [String: Any] = ["inline_keyboard": [[["text": "Planted 🌱", "callback_data": "plant"]],
                                                           [["text": "Guide", "url": "https://example.org/guide"]]]]
        try await bot.call("sendMessage", [
            "chat_id": chatID, "parse_mode": "HTML", "reply_markup": keyboard,
            "text": "<b>Day 3</b>: <i>sprouts</i> &amp; <a href=\"https://example.org/care\">care</a>, "
                + "<code>tip</code>, <tg-spoiler>surprise</tg-spoiler>, <a href=\"javascript:alert(1)\">x</a> "
                + "&lt;script&gt;alert(1)&lt;/script&gt; /status",
        ])
        let draft = try await bot.call("sendMessage", ["chat_id": chatID, "text": "Draft"])
        let editedID = try #require(draft["message_id"] as? Int)
        try await bot.call("editMessageText", ["chat_id": chatID, "message_id": editedID, "parse_mode": "HTML",
                                               "text": "<b>Edited</b> text <s>old</s>"])
        let photo = try TestImages.jpeg()
        let first = try await bot.upload("sendPhoto", fields: ["chat_id": String(chatID), "caption": "Collage"],
                                         file: "photo", name: "collage.jpg", type: "image/jpeg", data: photo)
        let photoID = try #require((first["photo"] as? [[String: Any]])?.last?["file_id"] as? String)
        try await bot.call("sendMediaGroup", ["chat_id": chatID, "media": [
            ["type": "photo", "media": photoID, "caption": "Day 1 and day 7"], ["type": "photo", "media": photoID]]])
        try await bot.upload("sendDocument", fields: ["chat_id": String(chatID), "caption": "Your diary"],
                             file: "document", name: "diary.pdf", type: "application/pdf", data: BotSide.pdf)
        try await bot.upload("sendAudio", fields: ["chat_id": String(chatID), "title": "Breathing"],
                             file: "audio", name: "breathing.mp3", type: "audio/mpeg", data: BotSide.mp3(seconds: 3))
        try await bot.upload("sendVoice", fields: ["chat_id": String(chatID), "duration": "2"],
                             file: "voice", name: "practice.ogg", type: "audio/ogg", data: BotSide.ogg)
        try await bot.call("sendChatAction", ["chat_id": chatID, "action": "typing"])
        return (chatID, editedID)
    }
}
