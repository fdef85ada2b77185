import Foundation
import Testing
@testable import TelegramEmulator
import TestSupport

/// Telegram's machine-readable API description, found beside the package (`../shared/telegram`).
struct BotAPIDescription {
    struct Field {
        var name: String
        var types: [String]
        var required: Bool
    }

    var methods: [String: [Field]]
    var types: [String: (fields: [Field], subtypes: [String])]

    static let fileURL: URL? = {
        let packageRoot = Repository.root
        let candidates = [
            packageRoot.appendingPathComponent("../shared/telegram/bot-api.json"),
            URL(fileURLWithPath: "/work/shared/telegram/bot-api.json"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.standardizedFileURL.path) }
    }()

    static var isAvailable: Bool { fileURL != nil }

    init() throws {
        guard let url = Self.fileURL, let json = JSONValue.parse(try Data(contentsOf: url)) else {
            throw EmulatorError("bot-api.json is missing or unreadable")
        }
        func fields(_ value: JSONValue?) -> [Field] {
            (value?.arrayValue ?? []).compactMap { field in
                guard let name = field["name"]?.stringValue else { return nil }
                return Field(
                    name: name, types: field["types"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                    required: field["required"]?.boolValue ?? false)
            }
        }
        methods = (json["methods"]?.objectValue ?? [:]).mapValues { fields($0["fields"]) }
        types = (json["types"]?.objectValue ?? [:]).mapValues {
            (fields($0["fields"]), $0["subtypes"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }

    /// Problems with `value` as an instance of `typeName` (empty when it conforms); records each
    /// object type it checked in `seen`.
    func problems(_ value: JSONValue, as typeName: String, at path: String, seen: inout Set<String>) -> [String] {
        if typeName.hasPrefix("Array of ") {
            guard let elements = value.arrayValue else { return ["\(path) should be an array"] }
            let inner = String(typeName.dropFirst("Array of ".count))
            return elements.enumerated().flatMap { problems($0.element, as: inner, at: "\(path)[\($0.offset)]", seen: &seen) }
        }
        switch typeName {
        case "Integer":
            if case .number(_, let text) = value, Int64(text) != nil { return [] }
            return ["\(path) should be an Integer"]
        case "Float":
            if case .number = value { return [] }
            return ["\(path) should be a Float"]
        case "String":
            return value.stringValue != nil ? [] : ["\(path) should be a String"]
        case "Boolean", "True":
            return value.boolValue != nil ? [] : ["\(path) should be a Boolean"]
        default:
            break
        }
        guard let type = types[typeName] else { return ["\(path): unknown type \(typeName)"] }
        if !type.subtypes.isEmpty {
            var best: [String]?
            for subtype in type.subtypes {
                var subtypeSeen = seen
                let found = problems(value, as: subtype, at: path, seen: &subtypeSeen)
                if found.isEmpty { seen = subtypeSeen; seen.insert(typeName); return [] }
                if best == nil || found.count < best!.count { best = found }
            }
            return best ?? ["\(path) matches no subtype of \(typeName)"]
        }
        guard let object = value.objectValue else { return ["\(path) should be a \(typeName) object"] }
        seen.insert(typeName)
        var found: [String] = []
        for (key, fieldValue) in object {
            guard let field = type.fields.first(where: { $0.name == key }) else {
                found.append("\(path).\(key) is not a field of \(typeName)")
                continue
            }
            let attempts = field.types.map { candidate -> ([String], Set<String>) in
                var candidateSeen = seen
                return (problems(fieldValue, as: candidate, at: "\(path).\(key)", seen: &candidateSeen), candidateSeen)
            }
            if let match = attempts.first(where: { $0.0.isEmpty }) {
                seen = match.1
            } else {
                found += attempts.first?.0 ?? []
            }
        }
        for field in type.fields where field.required && object[field.name] == nil {
            found.append("\(path) lacks required field \(field.name) of \(typeName)")
        }
        return found
    }
}

@Suite("Conformance with Telegram's published Bot API description",
       .enabled(if: BotAPIDescription.isAvailable, "bot-api.json not found at ../shared/telegram/bot-api.json"))
struct ConformanceTests {
    @Test func everyMethodAndParameterTheEmulatorAcceptsExistsWithCompatibleTypes() throws {
        let description = try BotAPIDescription()
        var problems: [String] = []
        for method in MethodTable.methods {
            guard let fields = description.methods[method.name] else {
                problems.append("method \(method.name) is not in the Bot API")
                continue
            }
            for parameter in method.parameters {
                guard let field = fields.first(where: { $0.name == parameter.name }) else {
                    problems.append("\(method.name).\(parameter.name) is not a parameter of the Bot API")
                    continue
                }
                let foreign = Set(parameter.types).subtracting(field.types)
                if !foreign.isEmpty {
                    problems.append("\(method.name).\(parameter.name) accepts \(foreign.sorted()) but Telegram says \(field.types)")
                }
                if parameter.required != field.required {
                    problems.append("\(method.name).\(parameter.name) required=\(parameter.required), Telegram says \(field.required)")
                }
            }
            for field in fields where field.required && method.parameter(field.name) == nil {
                problems.append("\(method.name) lacks Telegram's required parameter \(field.name)")
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func theCheckerRejectsUnknownFieldsWrongTypesAndMissingRequiredFields() throws {
        let description = try BotAPIDescription()
        var seen: Set<String> = []
        let bogus: JSONValue = ["message_id": "one", "date": 1, "colour": "green"]
        let found = description.problems(bogus, as: "Message", at: "m", seen: &seen)
        #expect(found.contains("m.colour is not a field of Message"))
        #expect(found.contains("m.message_id should be an Integer"))
        #expect(found.contains("m lacks required field chat of Message"))
    }

    @Test func everyObjectTheEmulatorReturnsUsesOnlyTelegramsFieldsAndTypes() async throws {
        let description = try BotAPIDescription()
        try await withEmulator(.init(floodLimits: .none)) { emulator, client in
            // Given replies and updates of every kind the emulator produces
            var replies: [(String, JSONValue?)] = []
            let user = await emulator.newUser(firstName: "Анна", languageCode: "ru", username: "anna")
            let chat = JSONValue.int(user.id)
            replies.append(("User", try await client.json("getMe").result))
            let text = try await client.json("sendMessage", [
                "chat_id": chat, "text": #"<b>Жирный</b> <a href="https://example.com">ссылка</a> <pre><code class="language-swift">x</code></pre>"#,
                "parse_mode": "HTML",
                "reply_markup": ["inline_keyboard": [[["text": "Да", "callback_data": "yes"], ["text": "Сайт", "url": "https://example.com"]]]]])
            replies.append(("Message", text.result))
            let messageID = text.result?["message_id"] ?? .null
            replies.append(("Message", try await client.json("editMessageText", [
                "chat_id": chat, "message_id": messageID, "text": "<i>новый</i>", "parse_mode": "HTML"]).result))
            let photo = try await client.multipart(
                "sendPhoto", fields: ["chat_id": String(user.id), "caption": "<b>фото</b>", "parse_mode": "HTML"],
                files: [.init(field: "photo", fileName: "p.jpg", contentType: "image/jpeg", data: TestMedia.jpeg(width: 1600, height: 1200))])
            replies.append(("Message", photo.result))
            replies.append(("Message", try await client.multipart(
                "sendDocument", fields: ["chat_id": String(user.id)],
                files: [.init(field: "document", fileName: "d.pdf", contentType: "application/pdf", data: Data("%PDF".utf8))]).result))
            replies.append(("Message", try await client.multipart(
                "sendAudio", fields: ["chat_id": String(user.id), "performer": "Sogreto", "title": "Дыхание"],
                files: [.init(field: "audio", fileName: "a.mp3", contentType: "audio/mpeg", data: TestMedia.mp3(seconds: 2))]).result))
            replies.append(("Message", try await client.multipart(
                "sendVoice", fields: ["chat_id": String(user.id)],
                files: [.init(field: "voice", fileName: "v.ogg", contentType: "audio/ogg", data: TestMedia.oggOpus(seconds: 2))]).result))
            let album: JSONValue = .array([["type": "document", "media": "attach://a"], ["type": "document", "media": "attach://b"]])
            replies.append(("Array of Message", try await client.multipart(
                "sendMediaGroup", fields: ["chat_id": String(user.id), "media": album.serialized],
                files: [.init(field: "a", fileName: "a.txt", contentType: "text/plain", data: Data("a".utf8)),
                        .init(field: "b", fileName: "b.txt", contentType: "text/plain", data: Data("b".utf8))]).result))
            let fileID = photo.result?["photo"]?.arrayValue?.last?["file_id"] ?? .null
            replies.append(("File", try await client.json("getFile", ["file_id": fileID]).result))
            replies.append(("WebhookInfo", try await client.json("getWebhookInfo").result))
            _ = try await client.json("setMyCommands", ["commands": [["command": "start", "description": "Начать"]]])
            replies.append(("Array of BotCommand", try await client.json("getMyCommands").result))

            await emulator.sendText("/start abc", from: user)
            try await emulator.sendPhoto(TestMedia.png(width: 500, height: 400), caption: "мой росток", from: user)
            await emulator.sendDocument(Data("hi".utf8), fileName: "n.txt", mimeType: "text/plain", from: user)
            for content: SimulatedContent in [
                .sticker(emoji: "🌱"), .voice(duration: 3), .audio(duration: 9, title: "t"), .video(duration: 5),
                .videoNote(duration: 4), .animation, .location(latitude: 1.5, longitude: 2.5),
                .contact(phoneNumber: "+1", firstName: "B"), .poll(question: "Q", options: ["a", "b"]), .dice(emoji: "🎲"),
            ] { await emulator.send(content, from: user) }
            let own = await emulator.sendText("typo", from: user)
            try await emulator.editText(messageID: own, newText: "fixed", from: user)
            await emulator.pressButton("yes", on: Int(messageID.int64Value ?? 0), from: user)
            await emulator.pressButton("stale", on: 9999, from: user)
            await emulator.blockBot(by: user)
            await emulator.unblockBot(by: user)
            let group = await emulator.newGroup(title: "Грядка", members: [user])
            await emulator.sendText("в группе", from: user, in: group)
            replies.append(("Array of Update", try await client.json("getUpdates").result))

            // Then every object conforms to Telegram's types
            var seen: Set<String> = []
            var problems: [String] = []
            for (typeName, value) in replies {
                guard let value else { problems.append("a \(typeName) reply had no result"); continue }
                problems += description.problems(value, as: typeName, at: typeName, seen: &seen)
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            // And the scenario really exercised every type the emulator claims to return
            let unexercised = Set(MethodTable.returnedTypes).subtracting(seen)
            #expect(unexercised.isEmpty, "not exercised: \(unexercised.sorted())")
        }
    }
}
