import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TelegramEmulator
import Testing

/// Plays the bot's side of the Bot API against the sandbox's emulator, for content the bot in
/// this repository does not send yet (albums, audio, edits, chat actions), so the web chat's
/// rendering of each can be checked.
struct BotSide: Sendable {
    let emulator: TelegramEmulator

    @discardableResult
    func call(_ method: String, _ parameters: [String: Any]) async throws -> [String: Any] {
        var request = URLRequest(url: emulator.baseURL.appendingPathComponent("bot\(emulator.token)/\(method)"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: parameters)
        return try await send(request, method)
    }

    @discardableResult
    func upload(_ method: String, fields: [String: String], file field: String, name: String, type: String,
                data: Data) async throws -> [String: Any] {
        let boundary = "sandbox-\(UUID().uuidString)"
        var body = Data()
        for (key, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(name)\"\r\nContent-Type: \(type)\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var request = URLRequest(url: emulator.baseURL.appendingPathComponent("bot\(emulator.token)/\(method)"))
        request.httpMethod = "POST"
        request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        return try await send(request, method)
    }

    /// Sends an album of the same test photo with one caption per item; returns the photo's file id.
    func albumWithCaptions(chatID: Int64, _ captions: [String]) async throws -> String {
        let first = try await upload("sendPhoto", fields: ["chat_id": String(chatID)], file: "photo", name: "tray.jpg",
                                     type: "image/jpeg", data: try TestImages.jpeg())
        let photoID = try #require((first["photo"] as? [[String: Any]])?.last?["file_id"] as? String)
        try await call("sendMediaGroup", ["chat_id": chatID,
                                          "media": captions.map { ["type": "photo", "media": photoID, "caption": $0] }])
        return photoID
    }

    private func send(_ request: URLRequest, _ method: String) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(for: request)
        let reply = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard reply["ok"] as? Bool == true else {
            throw SandboxTestFailure("\(method) failed: \(reply["description"] ?? String(decoding: data, as: UTF8.self))")
        }
        return reply["result"] as? [String: Any] ?? [:]
    }

    /// MPEG-1 Layer III frame headers at 128 kbit/s: enough for Telegram to read a duration.
    static func mp3(seconds: Int) -> Data {
        let frame = Data([0xFF, 0xFB, 0x90, 0x64]) + Data(repeating: 0, count: 413)
        var data = Data()
        while data.count < 16_000 * seconds { data.append(frame) }
        return data
    }

    /// An Ogg page header and a little payload: a voice note's container, its length given explicitly.
    static let ogg = Data("OggS".utf8) + Data([0x00, 0x02]) + Data(repeating: 0, count: 400)

    static let pdf = Data("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".utf8)
}
