import Foundation
import Testing
@testable import TelegramEmulator

@Suite("Reusing file ids, and how Telegram refuses bad ones")
struct FileIDReuseTests {
    @Test func anUploadedAudioIsResentByIDWithoutMultipartAndKeepsItsPlayerFields() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            // Given an MP3 uploaded with title, performer and duration
            let user = await emulator.newUser(firstName: "A")
            let uploaded = try await client.multipart(
                "sendAudio",
                fields: ["chat_id": String(user.id), "title": "Посадка", "performer": "Sogreto", "duration": "184",
                         "caption": "<b>шаг 1</b>", "parse_mode": "HTML"],
                files: [.init(field: "audio", fileName: "planting.mp3", contentType: "audio/mpeg", data: TestMedia.mp3(seconds: 3))])
            let fileID = try #require(uploaded.result?["audio"]?["file_id"]?.stringValue)
            #expect(uploaded.result?["audio"]?["performer"]?.stringValue == "Sogreto")
            var log = await emulator.requestLog()
            #expect(log.last?.isMultipart == true)
            #expect(log.last?.uploadedFields == ["audio"])

            // When it is sent again by file_id in a JSON body
            let again = try await client.json("sendAudio", ["chat_id": .int(user.id), "audio": .string(fileID),
                                                            "title": "Посадка", "performer": "Sogreto"])
            // Then it is accepted, not an upload, and shows the same file with its player fields
            #expect(again.ok)
            log = await emulator.requestLog()
            #expect(log.last?.isMultipart == false)
            #expect(log.last?.uploadedFields == [])
            let seen = await emulator.messages(in: user.id)
            #expect(seen.map(\.fileID) == [fileID, fileID])
            #expect(seen.first?.performer == "Sogreto")
            #expect(seen.first?.title == "Посадка")
            #expect(seen.first?.duration == 184)
        }
    }

    @Test func foreignMalformedAndMistypedIDsAreRefusedInTelegramsWords() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let uploaded = try await client.multipart(
                "sendAudio", fields: ["chat_id": String(user.id)],
                files: [.init(field: "audio", fileName: "a.mp3", contentType: "audio/mpeg", data: TestMedia.mp3(seconds: 2))])
            let audioID = try #require(uploaded.result?["audio"]?["file_id"]?.stringValue)
            func send(_ method: String, _ field: String, _ id: String) async throws -> String? {
                try await client.json(method, ["chat_id": .int(user.id), field: .string(id)]).description
            }
            // An id of the right shape that this bot never got (another bot's, a wiped server's)
            #expect(try await send("sendAudio", "audio", "CQACAgIAAxkBAAforgottenforgotten12")
                    == "Bad Request: wrong file identifier/HTTP URL specified")
            // Ids that are not base64url at all
            #expect(try await send("sendAudio", "audio", "not a file id!")
                    == "Bad Request: wrong remote file identifier specified: Wrong character in the string")
            #expect(try await send("sendAudio", "audio", "CQACA")
                    == "Bad Request: wrong remote file identifier specified: Wrong string length")
            // A real id of another type
            #expect(try await send("sendPhoto", "photo", audioID) == "Bad Request: can't use file of type Audio as Photo")
            #expect(try await send("sendVoice", "voice", audioID) == "Bad Request: can't use file of type Audio as VoiceNote")
        }
    }
}
