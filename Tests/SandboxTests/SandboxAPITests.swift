import Bot
import Foundation
import Logging
import Testing
@testable import Sandbox
import TestSupport

extension SandboxSuites {
    @Suite("The sandbox's JSON API over HTTP: users, chats, buttons, uploads, time travel", .serialized)
    struct SandboxAPITests {
        @Test func aChatCarriesTheTimeZoneTheUserChoseInTheBot() async throws {
            try await withSandbox { _, client in
                // Given a user the bot does not know yet: no zone, the page uses the browser's
                let chatID = try await Onboarding.user(client, name: "Вера", language: "ru")
                #expect(try await client.get("/api/chats/\(chatID)/messages?since=-1").json?["timeZone"] == nil)
                // When they start the bot and pick Vladivostok
                try await Onboarding.chooseZone("Asia/Vladivostok", chatID: chatID, client)
                // Then the chat says so, also when nothing else changed
                let zone = try await client.get("/api/chats/\(chatID)/messages?since=-1").json?["timeZone"] as? String
                #expect(zone == "Asia/Vladivostok")
            }
        }

        @Test func aNewSandboxRunResetsTheClockAndTheChats() async throws {
            // Given a sandbox whose clock was moved days ahead, with a user
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-sandbox-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: base) }
            let options = SandboxOptions(port: 0, environment: [
                "SOGRETO_DATA_DIR": base.path,
                "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
            ])
            var logger = Logger(label: "sandbox-tests")
            logger.logLevel = .critical
            // (its own function, so the first sandbox and its data-directory lock are gone after it)
            func firstRun() async throws {
                let first = try await Sandbox.start(options, logger: logger)
                _ = try await SandboxClient(baseURL: first.url).post("/api/users", json: ["firstName": "Ann", "languageCode": "en"])
                try first.clock.advance(by: 3 * 86_400)
                await first.shutdown()
            }
            try await firstRun()
            // When the sandbox runs again on the same data directory
            let second = try await Sandbox.start(options, logger: logger)
            let state = try await SandboxClient(baseURL: second.url).get("/api/state").json
            await second.shutdown()
            // Then the clock is real time again and nobody is left from the earlier run
            #expect((state?["clock"] as? [String: Any])?["offsetSeconds"] as? Double == 0)
            #expect((state?["users"] as? [Any])?.isEmpty == true)
        }

        @Test func aNewUserStartsTheBotPressesAButtonAndSendsAPhoto() async throws {
            try await withSandbox { _, client in
                // Given a new English-speaking user
                let created = try await client.post("/api/users", json: ["firstName": "Alex", "languageCode": "en"])
                #expect(created.status == 200)
                let chatID = try #require(created.json?["id"] as? Int64)
                let state = try await client.get("/api/state")
                #expect((state.json?["users"] as? [[String: Any]])?.compactMap { $0["firstName"] as? String } == ["Alex"])

                // When they send /start
                #expect(try await client.post("/api/chats/\(chatID)/text", json: ["text": "/start"]).status == 200)

                // Then the bot's reply arrives, after the user's own message
                let afterStart = try await client.waitForMessages(chatID: chatID) { messages in
                    messages.contains { $0["fromBot"] as? Bool == true }
                }
                #expect(afterStart.first?["fromBot"] as? Bool == false)
                #expect(afterStart.first?["text"] as? String == "/start")

                // When they ask to start over, the bot asks for confirmation with buttons
                _ = try await client.post("/api/chats/\(chatID)/text", json: ["text": "/reset"])
                let withKeyboard = try await client.waitForMessages(chatID: chatID) { messages in
                    messages.contains { !(($0["buttons"] as? [[Any]]) ?? []).isEmpty }
                }
                let question = try #require(withKeyboard.last { !(($0["buttons"] as? [[Any]]) ?? []).isEmpty })
                let firstButton = try #require((question["buttons"] as? [[[String: Any]]])?.first?.first)
                let data = try #require(firstButton["data"] as? String)

                // And they press the first button
                let pressed = try await client.post("/api/chats/\(chatID)/button",
                                                    json: ["messageID": question["id"] as? Int ?? 0, "data": data])
                let queryID = try #require(pressed.json?["queryID"] as? String)

                // Then the bot answers the callback query
                #expect(try await eventually {
                    try await client.get("/api/callbacks/\(queryID)").json?["answered"] as? Bool == true
                })

                // When they send a photo
                let photo = try await client.post("/api/chats/\(chatID)/photo", bytes: try TestImages.jpeg(),
                                                  contentType: "image/jpeg")
                #expect(photo.status == 200)
                let photoID = try #require(photo.json?["messageID"] as? Int)

                // Then it shows in the chat, the bot replies, and the file is served as an image
                let afterPhoto = try await client.waitForMessages(chatID: chatID) { messages in
                    guard let index = messages.firstIndex(where: { $0["id"] as? Int == photoID }) else { return false }
                    return messages[(index + 1)...].contains { $0["fromBot"] as? Bool == true }
                }
                let sentPhoto = try #require(afterPhoto.first { $0["id"] as? Int == photoID })
                #expect(sentPhoto["kind"] as? String == "photo")
                let fileID = try #require(sentPhoto["fileID"] as? String)
                let file = try await client.get("/api/files/\(fileID)")
                #expect(file.status == 200)
                #expect(file.header("Content-Type") == "image/jpeg")
                #expect(file.header("X-Content-Type-Options") == "nosniff")
                #expect(file.body == (try TestImages.jpeg()))
            }
        }

        @Test func timeTravelMovesTheBotsClock() async throws {
            try await withSandbox { sandbox, client in
                // Given a user who has talked to the bot today
                let created = try await client.post("/api/users", json: ["firstName": "Маша", "languageCode": "ru"])
                let chatID = try #require(created.json?["id"] as? Int64)
                _ = try await client.post("/api/chats/\(chatID)/text", json: ["text": "/start"])
                _ = try await client.waitForMessages(chatID: chatID) { $0.contains { $0["fromBot"] as? Bool == true } }
                let today = try #require(try await sandbox.runtime.database.user(chatID)).lastActivityAt

                // When the page advances the clock by seven days
                let advanced = try await client.post("/api/clock/advance", json: ["seconds": 7 * 86_400])
                #expect(advanced.status == 200)
                #expect((advanced.json?["offsetSeconds"] as? NSNumber)?.doubleValue == 604_800)

                // Then what the user does next happens a week later for the bot and in Telegram's dates
                // (the week's reminders arrived meanwhile, so wait for the answer to /status itself)
                let status = try #require(try await client.post("/api/chats/\(chatID)/text",
                                                                json: ["text": "/status"]).json?["messageID"] as? Int)
                let messages = try await client.waitForMessages(chatID: chatID) { messages in
                    guard let index = messages.firstIndex(where: { $0["id"] as? Int == status }) else { return false }
                    return messages[(index + 1)...].contains { $0["fromBot"] as? Bool == true }
                }
                let later = try #require(try await sandbox.runtime.database.user(chatID)).lastActivityAt
                #expect(later.timeIntervalSince(today) >= 7 * 86_400)
                #expect(later.timeIntervalSince(today) < 7 * 86_400 + 60)
                let dates = messages.compactMap { $0["dateMillis"] as? Int64 }
                #expect((dates.last ?? 0) - (dates.first ?? 0) >= 7 * 86_400 * 1000)
                let stateClock = try await client.get("/api/state").json?["clock"] as? [String: Any]
                let nowMillis = try #require(stateClock?["nowMillis"] as? Int64)
                #expect(abs(Double(nowMillis) / 1000 - Date().addingTimeInterval(7 * 86_400).timeIntervalSince1970) < 60)
            }
        }

        @Test func commandMenuAndDocumentsWork() async throws {
            try await withSandbox { _, client in
                // Given a Russian-speaking user
                let created = try await client.post("/api/users", json: ["firstName": "Оля", "languageCode": "ru"])
                let chatID = try #require(created.json?["id"] as? Int64)

                // Then their command menu is the bot's Russian one
                let commands = try await client.get("/api/chats/\(chatID)/commands").json?["commands"] as? [[String: Any]]
                let names = commands?.compactMap { $0["command"] as? String } ?? []
                #expect(names.contains("start") && names.contains("settings"))

                // When they send a PDF as a file
                let pdf = Data("%PDF-1.4\n% sandbox test\n".utf8)
                let sent = try await client.post("/api/chats/\(chatID)/document?name=%D0%B4%D0%BD%D0%B5%D0%B2%D0%BD%D0%B8%D0%BA.pdf",
                                                 bytes: pdf, contentType: "application/pdf")
                #expect(sent.status == 200)

                // Then it is offered as a download only, with its name
                let messages = try await client.waitForMessages(chatID: chatID) { $0.contains { $0["kind"] as? String == "document" } }
                let document = try #require(messages.first { $0["kind"] as? String == "document" })
                #expect(document["fileName"] as? String == "дневник.pdf")
                let file = try await client.get("/api/files/\(try #require(document["fileID"] as? String))")
                #expect(file.body == pdf)
                #expect(file.header("Content-Disposition")?.hasPrefix("attachment") == true)
                #expect(file.header("Content-Security-Policy")?.contains("sandbox") == true)
            }
        }

        @Test func badRequestsGetASentenceNotACrash() async throws {
            try await withSandbox { _, client in
                let unknownChat = try await client.post("/api/chats/42/text", json: ["text": "hi"])
                #expect(unknownChat.status == 404)
                #expect(unknownChat.errorMessage?.contains("create one first") == true)

                let badLanguage = try await client.post("/api/users", json: ["firstName": "X", "languageCode": "de"])
                #expect(badLanguage.status == 400)
                #expect(badLanguage.errorMessage == "The language must be en or ru.")

                let noName = try await client.post("/api/users", json: ["firstName": "   "])
                #expect(noName.status == 400)

                let user = try await client.post("/api/users", json: ["firstName": "Y", "languageCode": "en"])
                let chatID = try #require(user.json?["id"] as? Int64)
                let notAnImage = try await client.post("/api/chats/\(chatID)/photo", bytes: Data("<svg/>".utf8),
                                                       contentType: "image/svg+xml")
                #expect(notAnImage.status == 400)
                #expect(notAnImage.errorMessage?.contains("neither a JPEG nor a PNG") == true)

                let empty = try await client.post("/api/chats/\(chatID)/text", json: ["text": " "])
                #expect(empty.status == 400)

                let backwards = try await client.post("/api/clock/advance", json: ["seconds": -3600])
                #expect(backwards.status == 400)
                #expect(backwards.errorMessage?.contains("forward") == true)

                let missingFile = try await client.get("/api/files/nope")
                #expect(missingFile.status == 404)
            }
        }

        @Test func thePageIsServedWithAStrictContentSecurityPolicy() async throws {
            try await withSandbox { sandbox, client in
                let page = try await client.get("/")
                #expect(page.status == 200)
                #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
                #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
                #expect(String(decoding: page.body, as: UTF8.self).contains("<script src=\"/sandbox.js\""))
                #expect(try await client.get("/sandbox.js").status == 200)
                #expect(try await client.get("/sandbox.css").status == 200)
                #expect(sandbox.dataDirectory.lastPathComponent == "sandbox")
                #expect(FileManager.default.fileExists(atPath: sandbox.dataDirectory.appendingPathComponent("sogreto.sqlite").path))
            }
        }
    }
}

@Suite("Where the sandbox keeps its data")
struct SandboxOptionsTests {
    @Test func dataLivesInASandboxFolderNeverTheRealBotsOne() {
        let cwd = URL(fileURLWithPath: "/srv/sogreto")
        #expect(SandboxOptions(environment: [:], workingDirectory: cwd).dataDirectory.path == "/srv/sogreto/storage/sandbox")
        #expect(SandboxOptions(environment: ["SOGRETO_DATA_DIR": "/var/lib/sogreto"], workingDirectory: cwd)
            .dataDirectory.path == "/var/lib/sogreto/sandbox")
        #expect(SandboxOptions(environment: ["SOGRETO_DATA_DIR": "data"], workingDirectory: cwd)
            .dataDirectory.path == "/srv/sogreto/data/sandbox")
    }
}

extension SandboxSuites {
    @Suite("Two sandboxes never share a data directory")
    struct SandboxLockTests {
        @Test func aSecondSandboxOnTheSameDataDirectoryStopsWithASentence() async throws {
            try await withSandbox { sandbox, client in
                // Given a running sandbox with a user in its database
                _ = try await client.post("/api/users", json: ["firstName": "Keep", "languageCode": "en"])
                let base = sandbox.dataDirectory.deletingLastPathComponent()

                // When a second one starts on the same data directory
                let second = SandboxOptions(port: 0, environment: [
                    "SOGRETO_DATA_DIR": base.path,
                    "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
                ])
                let error = await #expect(throws: SandboxError.self) {
                    _ = try await Sandbox.start(second, logger: .init(label: "second"))
                }

                // Then it refuses, and the first one's database is still there
                #expect(error?.description.contains("is in use by pid \(ProcessInfo.processInfo.processIdentifier)") == true)
                #expect(FileManager.default.fileExists(atPath: sandbox.dataDirectory.appendingPathComponent("sogreto.sqlite").path))
            }
        }
    }
}
