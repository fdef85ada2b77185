import Foundation
import Testing
@testable import Sandbox

@Suite("What the bot sends shows in the web chat: formatting, edits, chat actions, albums, files, audio",
       .serialized)
struct SandboxRenderingTests {
    /// Given a chat where the bot used every kind of content the program needs.
    private func fillChat(_ sandbox: Sandbox, _ client: SandboxClient) async throws -> (chatID: Int64, editedID: Int) {
        let created = try await client.post("/api/users", json: ["firstName": "Rita", "languageCode": "en"])
        let chatID = try #require(created.json?["id"] as? Int64)
        let bot = BotSide(emulator: sandbox.emulator)
        try await sandbox.emulator.setFloodLimits(.none)
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
        try await bot.call("sendChatAction", ["chat_id": chatID, "action": "typing"])
        return (chatID, editedID)
    }

    @Test func theChatJSONCarriesEditsActionsAndMedia() async throws {
        try await withSandbox { sandbox, client in
            let (chatID, editedID) = try await fillChat(sandbox, client)

            // When the page polls the chat
            let reply = try await client.get("/api/chats/\(chatID)/messages?since=-1")
            let revision = try #require(reply.json?["revision"] as? Int)
            let messages = reply.json?["messages"] as? [[String: Any]] ?? []

            // Then it sees the edit in place, the chat action, the album, the PDF and the audio
            let edited = try #require(messages.first { $0["id"] as? Int == editedID })
            #expect(edited["edited"] as? Bool == true)
            #expect(edited["text"] as? String == "Edited text old")
            #expect(reply.json?["chatAction"] as? String == "typing")
            #expect(messages.filter { $0["kind"] as? String == "mediaGroupItem" }.count == 2)
            #expect(messages.contains { $0["mimeType"] as? String == "application/pdf" })
            #expect(messages.contains { $0["kind"] as? String == "audio" && $0["duration"] as? Int == 3 })

            // And asking again with the same revision returns no messages at all
            let unchanged = try await client.get("/api/chats/\(chatID)/messages?since=\(revision)")
            #expect(unchanged.json?["messages"] == nil)
            #expect(unchanged.json?["revision"] as? Int == revision)
        }
    }

    @Test(.enabled(if: Chromium.path != nil,
                   "chromium is not installed (apt-get install chromium); the browser check of the web chat is skipped"))
    func theBrowserRendersEveryKindSafely() async throws {
        try await withSandbox { sandbox, client in
            let (chatID, _) = try await fillChat(sandbox, client)
            let profile = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-chromium-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: profile) }
            let url = sandbox.url.appending(queryItems: [.init(name: "user", value: String(chatID))])

            // When a browser shows the chat
            let dom = String(decoding: try await Chromium.run(url, profile: profile,
                                                             extra: ["--dump-dom", "--virtual-time-budget=4000"]),
                             as: UTF8.self)
            let shot = try Chromium.screenshotDirectory().appendingPathComponent("sandbox-media.png")
            _ = try await Chromium.run(url, profile: profile,
                                       extra: ["--screenshot=\(shot.path)", "--virtual-time-budget=4000"])

            // Then formatting became elements, the edit shows, and media has its controls
            #expect(dom.contains("<strong>Day 3</strong>"))
            #expect(dom.contains("<em>sprouts</em>"))
            #expect(dom.contains("<code>tip</code>"))
            #expect(dom.contains("class=\"spoiler\""))
            #expect(dom.contains("href=\"https://example.org/care\""))
            #expect(!dom.contains("href=\"javascript:"))
            #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(dom.contains("class=\"command-link\">/status"))
            #expect(dom.contains("<strong>Edited</strong> text <s>old</s>"))
            #expect(dom.contains("data-edited=\"true\""))
            #expect(dom.contains("class=\"album\""))
            #expect(dom.contains("<audio"))
            #expect(dom.contains("download=\"diary.pdf\""))
            #expect(dom.contains("class=\"key\"") && dom.contains("Planted"))
            #expect(FileManager.default.fileExists(atPath: shot.path))
        }
    }

    @Test(.enabled(if: Chromium.path != nil,
                   "chromium is not installed (apt-get install chromium); the browser check of the web chat is skipped"))
    func userAndBotTextIsNeverParsedAsHTML() async throws {
        try await withSandbox { sandbox, client in
            // Given a user who types markup and a bot link with a javascript: URL
            let created = try await client.post("/api/users", json: ["firstName": "<img src=x onerror=alert(1)>",
                                                                     "languageCode": "en"])
            let chatID = try #require(created.json?["id"] as? Int64)
            _ = try await client.post("/api/chats/\(chatID)/text", json: ["text": "<b>not bold</b><script>x()</script>"])
            try await BotSide(emulator: sandbox.emulator).call("sendMessage", [
                "chat_id": chatID, "parse_mode": "HTML", "text": "<a href=\"javascript:alert(1)\">tap</a>"])
            let profile = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-chromium-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: profile) }

            // When the page shows the chat
            let url = sandbox.url.appending(queryItems: [.init(name: "user", value: String(chatID))])
            let dom = String(decoding: try await Chromium.run(url, profile: profile,
                                                             extra: ["--dump-dom", "--virtual-time-budget=4000"]),
                             as: UTF8.self)

            // Then the markup is shown as text and the javascript: link is not a link
            #expect(dom.contains("&lt;b&gt;not bold&lt;/b&gt;&lt;script&gt;x()&lt;/script&gt;"))
            #expect(!dom.contains("<b>not bold</b>"))
            #expect(!dom.contains("<img src=\"x\""))
            #expect(!dom.contains("href=\"javascript:"))
            #expect(dom.contains("tap"))
        }
    }
}
