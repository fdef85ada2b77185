import Foundation
import Testing
@testable import TelegramEmulator

@Suite("Uploads, getFile and downloads")
struct FilesTests {
    @Test func photoUploadRoundTripsThroughGetFileAndDownload() async throws {
        try await withEmulator { emulator, client in
            // Given a 3000×2000 JPEG uploaded with a caption
            let user = await emulator.newUser(firstName: "A")
            let jpeg = TestMedia.jpeg(width: 3000, height: 2000)
            let sent = try await client.multipart(
                "sendPhoto", fields: ["chat_id": String(user.id), "caption": "<i>день 7</i>", "parse_mode": "HTML"],
                files: [.init(field: "photo", fileName: "day7.jpg", contentType: "image/jpeg", data: jpeg)])

            // Then the message has Telegram's size ladder, the largest being the original
            let sizes = sent.result?["photo"]?.arrayValue ?? []
            #expect(sizes.map { $0["width"]?.int64Value } == [90, 320, 800, 1280, 2560, 3000])
            #expect(sizes.last?["height"]?.int64Value == 2000)
            #expect(sent.result?["caption"]?.stringValue == "день 7")
            #expect(sent.result?["caption_entities"]?.arrayValue?.first?["type"]?.stringValue == "italic")

            // When the bot asks for the file and downloads it
            let fileID = sizes.last?["file_id"]?.stringValue ?? ""
            let file = try await client.json("getFile", ["file_id": .string(fileID)])
            let path = file.result?["file_path"]?.stringValue ?? ""
            let download = try await client.download(path: path)

            // Then it gets the same bytes
            #expect(file.result?["file_size"]?.int64Value == Int64(jpeg.count))
            #expect(path.hasPrefix("photos/"))
            #expect(download.status == 200)
            #expect(download.data == jpeg)
            let seen = await emulator.messages(in: user.id)
            #expect(seen.first?.kind == .photo)
            #expect(seen.first?.width == 3000)
            #expect(await emulator.downloadFile(fileID: fileID) == jpeg)
        }
    }

    @Test func sameContentGetsTheSameFileIDsAndFileIDsCanBeResent() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let png = TestMedia.png(width: 640, height: 480)
            func upload() async throws -> BotAPITestClient.Reply {
                try await client.multipart(
                    "sendPhoto", fields: ["chat_id": String(user.id)],
                    files: [.init(field: "photo", fileName: "a.png", contentType: "image/png", data: png)])
            }
            let first = try await upload()
            let second = try await upload()
            let firstID = first.result?["photo"]?.arrayValue?.last?["file_unique_id"]?.stringValue
            #expect(firstID != nil)
            #expect(firstID == second.result?["photo"]?.arrayValue?.last?["file_unique_id"]?.stringValue)

            let fileID = first.result?["photo"]?.arrayValue?.last?["file_id"] ?? .null
            let resent = try await client.json("sendPhoto", ["chat_id": .int(user.id), "photo": fileID])
            let wrong = try await client.json("sendPhoto", ["chat_id": .int(user.id), "photo": "no-such-file"])
            let missing = try await client.json("sendPhoto", ["chat_id": .int(user.id)])
            #expect(resent.ok)
            #expect(wrong.description == "Bad Request: wrong file identifier/HTTP URL specified")
            #expect(missing.description == "Bad Request: there is no photo in the request")
        }
    }

    @Test func photoLimitsAreEnforced() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            func send(_ data: Data) async throws -> String? {
                try await client.multipart(
                    "sendPhoto", fields: ["chat_id": String(user.id)],
                    files: [.init(field: "photo", fileName: "p.png", contentType: "image/png", data: data)]).description
            }
            let tooWide = try await send(TestMedia.png(width: 8000, height: 2001))
            let atLimit = try await send(TestMedia.png(width: 8000, height: 2000))
            let tooHeavy = try await send(TestMedia.png(width: 100, height: 100, totalBytes: 10 * 1024 * 1024 + 1))
            let notAnImage = try await send(Data("hello".utf8))
            #expect(tooWide == "Bad Request: PHOTO_INVALID_DIMENSIONS")
            #expect(atLimit == nil)
            #expect(tooHeavy == "Bad Request: PHOTO_SAVE_FILE_INVALID")
            #expect(notAnImage == "Bad Request: IMAGE_PROCESS_FAILED")
        }
    }

    @Test func documentsAudioAndVoiceCarryNamesTypesAndDurations() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let pdf = Data("%PDF-1.4 diary".utf8)
            let document = try await client.multipart(
                "sendDocument", fields: ["chat_id": String(user.id), "caption": "Дневник"],
                files: [.init(field: "document", fileName: "diary.pdf", contentType: "application/octet-stream", data: pdf)])
            let audio = try await client.multipart(
                "sendAudio", fields: ["chat_id": String(user.id), "title": "Practice"],
                files: [.init(field: "audio", fileName: "p.mp3", contentType: "audio/mpeg", data: TestMedia.mp3(seconds: 4))])
            let voice = try await client.multipart(
                "sendVoice", fields: ["chat_id": String(user.id)],
                files: [.init(field: "voice", fileName: "v.ogg", contentType: "audio/ogg", data: TestMedia.oggOpus(seconds: 7))])

            #expect(document.result?["document"]?["file_name"]?.stringValue == "diary.pdf")
            #expect(document.result?["document"]?["mime_type"]?.stringValue == "application/pdf")
            #expect(document.result?["document"]?["file_size"]?.int64Value == Int64(pdf.count))
            #expect(audio.result?["audio"]?["duration"]?.int64Value == 4)
            #expect(audio.result?["audio"]?["title"]?.stringValue == "Practice")
            #expect(voice.result?["voice"]?["duration"]?.int64Value == 7)
            let kinds = await emulator.messages(in: user.id).map(\.kind)
            #expect(kinds == [.document, .audio, .voice])
        }
    }

    @Test func mediaGroupsNeedTwoToTenItemsAndShareAGroupID() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let parts = (0..<3).map {
                BotAPITestClient.FilePart(
                    field: "p\($0)", fileName: "p\($0).jpg", contentType: "image/jpeg",
                    data: TestMedia.jpeg(width: 800, height: 600, seed: UInt8($0)))
            }
            let media: JSONValue = .array((0..<3).map {
                ["type": "photo", "media": .string("attach://p\($0)"), "caption": .string("фото \($0)")] })
            let album = try await client.multipart(
                "sendMediaGroup", fields: ["chat_id": String(user.id), "media": media.serialized], files: parts)
            let single = try await client.multipart(
                "sendMediaGroup",
                fields: ["chat_id": String(user.id), "media": JSONValue.array([["type": "photo", "media": "attach://p0"]]).serialized],
                files: [parts[0]])

            let messages = album.result?.arrayValue ?? []
            #expect(messages.count == 3)
            #expect(Set(messages.compactMap { $0["media_group_id"]?.stringValue }).count == 1)
            #expect(single.status == 400)
            let seen = await emulator.messages(in: user.id)
            #expect(seen.map(\.kind) == [.mediaGroupItem, .mediaGroupItem, .mediaGroupItem])
            #expect(seen.map(\.mediaKind) == [.photo, .photo, .photo])
            #expect(seen.map(\.caption) == ["фото 0", "фото 1", "фото 2"])
        }
    }

    @Test func filesOver20MegabytesCannotBeFetchedByTheBot() async throws {
        try await withEmulator { emulator, client in
            // Given a user who sends a 21 MB document
            let user = await emulator.newUser(firstName: "A")
            let big = Data(repeating: 7, count: 21 * 1024 * 1024)
            await emulator.sendDocument(big, fileName: "big.zip", mimeType: "application/zip", from: user)
            let update = try await client.json("getUpdates").result?.arrayValue?.first
            let fileID = update?["message"]?["document"]?["file_id"] ?? .null

            // When the bot asks for it, Then Telegram refuses
            let reply = try await client.json("getFile", ["file_id": fileID])
            #expect(reply.status == 400)
            #expect(reply.description == "Bad Request: file is too big")
        }
    }

    @Test func userPhotosAreDownloadableByTheBot() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let jpeg = TestMedia.jpeg(width: 1000, height: 1000)
            try await emulator.sendPhoto(jpeg, caption: "росток", from: user)
            let message = try await client.json("getUpdates").result?.arrayValue?.first?["message"]
            let largest = message?["photo"]?.arrayValue?.last
            #expect(largest?["width"]?.int64Value == 1000)
            #expect(message?["caption"]?.stringValue == "росток")
            let file = try await client.json("getFile", ["file_id": largest?["file_id"] ?? .null])
            let download = try await client.download(path: file.result?["file_path"]?.stringValue ?? "")
            #expect(download.data == jpeg)
            let unknown = try await client.download(path: "photos/nothing.jpg")
            #expect(unknown.status == 404)
        }
    }

    @Test func captionsAreLimitedTo1024UnitsAfterParsing() async throws {
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let photo = TestMedia.jpeg(width: 100, height: 100)
            func caption(_ text: String) async throws -> BotAPITestClient.Reply {
                try await client.multipart(
                    "sendPhoto", fields: ["chat_id": String(user.id), "caption": text, "parse_mode": "HTML"],
                    files: [.init(field: "photo", fileName: "p.jpg", contentType: "image/jpeg", data: photo)])
            }
            let fits = try await caption("<b>" + String(repeating: "ы", count: 1024) + "</b>")
            let tooLong = try await caption(String(repeating: "ы", count: 1025))
            #expect(fits.ok)
            #expect(tooLong.description == "Bad Request: message caption is too long")
        }
    }

    @Test func uploadsOver50MegabytesAreTooLarge() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            let huge = Data(repeating: 1, count: 50 * 1024 * 1024 + 1)
            let reply = try await client.multipart(
                "sendDocument", fields: ["chat_id": String(user.id)],
                files: [.init(field: "document", fileName: "huge.bin", contentType: "application/octet-stream", data: huge)])
            #expect(reply.status == 413)
            #expect(reply.description == "Request Entity Too Large")
        }
    }
}
