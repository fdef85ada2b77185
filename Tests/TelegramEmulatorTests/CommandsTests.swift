import Foundation
import Testing
@testable import TelegramEmulator

@Suite("Command menus per scope and language")
struct CommandsTests {
    @Test func commandsAreStoredPerLanguageAndResolvedWithFallback() async throws {
        try await withEmulator { emulator, client in
            let russian: JSONValue = [["command": "start", "description": "Начать"], ["command": "help", "description": "Помощь"]]
            let english: JSONValue = [["command": "start", "description": "Start"]]
            #expect(try await client.json("setMyCommands", ["commands": russian]).ok)
            #expect(try await client.json("setMyCommands", ["commands": english, "language_code": "en"]).ok)

            let englishMenu = await emulator.commands(languageCode: "en")
            let germanMenu = await emulator.commands(languageCode: "de")
            #expect(englishMenu.map(\.description) == ["Start"])
            #expect(germanMenu.map(\.command) == ["start", "help"])

            let stored = try await client.json("getMyCommands", ["language_code": "en"])
            #expect(stored.result?.arrayValue?.first?["description"]?.stringValue == "Start")
            let privateScope = try await client.json("getMyCommands", ["scope": ["type": "all_private_chats"]])
            #expect(privateScope.result?.arrayValue?.isEmpty == true)

            #expect(try await client.json("deleteMyCommands", ["language_code": "en"]).ok)
            #expect(await emulator.commands(languageCode: "en").map(\.description) == ["Начать", "Помощь"])
        }
    }

    @Test func invalidCommandsAreRefused() async throws {
        try await withEmulator { _, client in
            let upper = try await client.json("setMyCommands", ["commands": [["command": "Start", "description": "x"]]])
            let empty = try await client.json("setMyCommands", ["commands": [["command": "start", "description": ""]]])
            let badScope = try await client.json("setMyCommands", [
                "commands": [["command": "start", "description": "x"]], "scope": ["type": "chat", "chat_id": 5]])
            #expect(upper.description == "Bad Request: BOT_COMMAND_INVALID")
            #expect(empty.description == "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            #expect(badScope.description == "Bad Request: chat not found")
        }
    }
}
