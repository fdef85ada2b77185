import Foundation
import TelegramEmulator
import Testing
import TestSupport
@testable import Sandbox

extension SandboxSuites {
    @Suite("The web chat in headless Chromium: send, press, upload, time travel, rendering",
           .serialized,
           .enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)))
    struct SandboxBrowserTests {
        @Test func theScriptedScenarioPassesInARealBrowser() async throws {
            try await withSandbox { sandbox, client in
                let profile = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-chromium-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: profile) }
                // Given a clock an earlier session already moved days ahead
                try sandbox.clock.advance(by: 9 * 86_400)

                // When a headless browser opens the page in scenario mode (it sends /start, presses the
                // first button, uploads a photo drawn on a canvas and a text file as a document, and
                // moves the clock a week ahead)
                let browser = try Chromium.open(sandbox.url.appending(queryItems: [.init(name: "scenario", value: "smoke")]),
                                                profile: profile)
                let report: [String: Any]
                do {
                    report = try await waitForReport(client, browser: browser)
                } catch {
                    await browser.stop()
                    throw error
                }
                await browser.stop()

                // Then every step passed, as the page saw it
                let steps = report["steps"] as? [[String: Any]] ?? []
                let failed = steps.filter { $0["ok"] as? Bool != true }
                    .map { "\($0["name"] ?? "?"): \($0["detail"] ?? "")" }
                #expect(failed.isEmpty, "failed steps: \(failed)")
                #expect(steps.compactMap { $0["name"] as? String } == [
                    "create user", "send /start", "press a button", "upload a photo", "send a file as a document",
                    "advance the clock by a week"])
                #expect(report["passed"] as? Bool == true)

                // And the DOM it reported shows the chat as a person would see it
                let dom = try #require(report["dom"] as? String)
                #expect(dom.contains("data-scenario=\"passed\""))
                #expect(dom.contains("class=\"row out\"") && dom.contains("class=\"row in"))
                #expect(dom.contains("data-kind=\"photo\""))
                #expect(dom.contains("class=\"key\"") || dom.contains("class=\"key "))

                // And the emulator and the bot saw the same things
                let user = try #require(try await client.get("/api/state").json?["users"] as? [[String: Any]]).last
                let chatID = try #require(user?["id"] as? Int64)
                let transcript = await sandbox.emulator.transcript(in: chatID)
                #expect(transcript.first?.text == "/start")
                #expect(transcript.contains { !$0.isFromBot && $0.kind == .photo })
                #expect(transcript.contains { !$0.isFromBot && $0.kind == .document && $0.fileName == "notes.txt" })
                #expect(sandbox.clock.offset >= 9 * 86_400 + 604_800)

                // And a phone-sized screenshot and a DOM dump of that chat can be taken
                let shots = try Chromium.screenshotDirectory()
                let chatURL = sandbox.url.appending(queryItems: [.init(name: "user", value: String(chatID))])
                let screenshot = shots.appendingPathComponent("sandbox-chat.png")
                try? FileManager.default.removeItem(at: screenshot)
                _ = try await Chromium.run(chatURL, profile: profile,
                                           extra: ["--screenshot=\(screenshot.path)", "--virtual-time-budget=4000"])
                let png = try Data(contentsOf: screenshot)
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
                let dumped = String(decoding: try await Chromium.run(chatURL, profile: profile,
                                                                     extra: ["--dump-dom", "--virtual-time-budget=4000"]),
                                    as: UTF8.self)
                #expect(dumped.contains("data-kind=\"photo\""))
                #expect(dumped.contains("<strong>") || dumped.contains("class=\"row in"))
            }
        }

        @Test func theBrowserRendersEveryKindSafely() async throws {
            try await withSandbox { sandbox, client in
                let (chatID, _) = try await ChatContent.fillChat(sandbox, client)
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
                #expect(dom.components(separatedBy: "<audio").count - 1 == 2, "the MP3 and the voice note play in place")
                #expect(dom.contains("Voice message") && dom.contains("0:03"))
                #expect(dom.contains("download=\"diary.pdf\""))
                #expect(dom.contains("class=\"key\"") && dom.contains("Planted"))
                #expect(FileManager.default.fileExists(atPath: shot.path))
            }
        }

        @Test func timesAndDateChipsFollowTheUsersZoneAndLanguageAndAlbumPhotosKeepTheirCaptions() async throws {
            try await withSandbox { sandbox, client in
                // Given a Russian-speaking user in Vladivostok and an album with a caption per photo
                let chatID = try await Onboarding.user(client, name: "Вера", language: "ru")
                try await Onboarding.chooseZone("Asia/Vladivostok", chatID: chatID, client)
                await sandbox.emulator.setFloodLimits(.none)
                let photoID = try await BotSide(emulator: sandbox.emulator).albumWithCaptions(chatID: chatID, ["День 1", "День 7"])
                #expect(!photoID.isEmpty)
                let welcome = try #require(await sandbox.emulator.transcript(in: chatID).first { $0.isFromBot })
                let profile = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-chromium-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: profile) }

                // When the page shows the chat
                let url = sandbox.url.appending(queryItems: [.init(name: "user", value: String(chatID))])
                let dom = String(decoding: try await Chromium.run(url, profile: profile,
                                                                 extra: ["--dump-dom", "--virtual-time-budget=4000"]),
                                 as: UTF8.self)

                // Then the welcome's time is Vladivostok's, its date chip Russian, and each photo has its caption
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = try #require(TimeZone(identifier: "Asia/Vladivostok"))
                let parts = calendar.dateComponents([.day, .month, .hour, .minute], from: welcome.date)
                let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
                let months = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                              "октября", "ноября", "декабря"]
                #expect(dom.contains("class=\"meta\">\(time)<"), "the welcome at \(time) Vladivostok time")
                #expect(dom.contains("class=\"date-chip\"") && dom.contains("\">\(parts.day ?? 0) \(months[(parts.month ?? 1) - 1]) "))
                #expect(dom.contains("class=\"album-caption\">День 1<") && dom.contains("class=\"album-caption\">День 7<"))
                // And the browser's own time shows beside it, smaller, when its zone differs
                if TimeZone.current.identifier != "Asia/Vladivostok" {
                    #expect(dom.contains("id=\"clock-browser\" class=\"clock-browser\">"))
                }
            }
        }

        @Test func timesFollowAUTCOffsetTheUserTyped() async throws {
            try await withSandbox { sandbox, client in
                // Given an English-speaking user who typed "+5:30" at the zone question (the bot
                // stores it as a fixed offset, a zone name the browser's Intl does not know)
                let chatID = try await Onboarding.user(client, name: "Asha", language: "en")
                let zone = try #require(try await Onboarding.typeZone("+5:30", chatID: chatID, client))
                let welcome = try #require(await sandbox.emulator.transcript(in: chatID).first { $0.isFromBot })
                let profile = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-chromium-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: profile) }

                // When the page shows the chat
                let url = sandbox.url.appending(queryItems: [.init(name: "user", value: String(chatID))])
                let dom = String(decoding: try await Chromium.run(url, profile: profile,
                                                                 extra: ["--dump-dom", "--virtual-time-budget=4000"]),
                                 as: UTF8.self)

                // Then the welcome's time is five and a half hours ahead of UTC, and the zone reads as an offset
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = try #require(TimeZone(secondsFromGMT: 5 * 3_600 + 1_800))
                let parts = calendar.dateComponents([.hour, .minute], from: welcome.date)
                let hour = (parts.hour ?? 0) % 12 == 0 ? 12 : (parts.hour ?? 0) % 12
                let time = String(format: "%02d:%02d %@", hour, parts.minute ?? 0, (parts.hour ?? 0) < 12 ? "AM" : "PM")
                #expect(dom.contains("class=\"meta\">\(time)<"), "the welcome at \(time) in UTC+5:30 (stored as \(zone))")
                #expect(dom.contains(">UTC+5:30<"))
            }
        }

        @Test func userAndBotTextIsNeverParsedAsHTML() async throws {
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

        private func waitForReport(_ client: SandboxClient, browser: ChildProcess,
                                   timeout: Duration = .seconds(90)) async throws -> [String: Any] {
            let report = try await eventualValue(within: timeout) { () -> [String: Any]? in
                if browser.hasExited { throw SandboxTestFailure("Chromium exited before the page's scenario reported.") }
                let reply = try await client.get("/api/scenario/report")
                return reply.status == 200 ? reply.json : nil
            }
            if let report { return report }
            throw SandboxTestFailure("The page's scenario did not report within \(timeout).")
        }
    }
}
