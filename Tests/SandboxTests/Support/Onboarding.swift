import Foundation
import Testing
import TestSupport
@testable import Sandbox

/// A sandbox user taken through the bot's first question (the time zone) over the page's API.
enum Onboarding {
    static func user(_ client: SandboxClient, name: String, language: String) async throws -> Int64 {
        let created = try await client.post("/api/users", json: ["firstName": name, "languageCode": language])
        return try #require(created.json?["id"] as? Int64)
    }

    /// Sends /start and presses the zone's button under the question after the welcome; returns
    /// once the bot saved it.
    static func chooseZone(_ zone: String, chatID: Int64, _ client: SandboxClient) async throws {
        _ = try await client.post("/api/chats/\(chatID)/text", json: ["text": "/start"])
        let asksZone: ([String: Any]) -> Bool = { message in
            ((message["buttons"] as? [[[String: Any]]]) ?? []).joined().contains { ($0["data"] as? String)?.hasPrefix("s:o:") == true }
        }
        let messages = try await client.waitForMessages(chatID: chatID) { messages in messages.contains(where: asksZone) }
        let question = try #require(messages.first(where: asksZone))
        _ = try await client.post("/api/chats/\(chatID)/button",
                                  json: ["messageID": question["id"] as? Int ?? 0, "data": "s:o:\(zone)"])
        let saved = try await eventually(within: .seconds(10)) {
            try await client.get("/api/chats/\(chatID)/messages?since=-1").json?["timeZone"] as? String == zone
        }
        #expect(saved, "the bot did not save the zone \(zone) within 10 s")
    }

    /// Sends /start and types `answer` (a city or UTC offset) at the zone question; returns the zone the bot saved.
    static func typeZone(_ answer: String, chatID: Int64, _ client: SandboxClient) async throws -> String? {
        _ = try await client.post("/api/chats/\(chatID)/text", json: ["text": "/start"])
        _ = try await client.waitForMessages(chatID: chatID) { messages in messages.contains { $0["fromBot"] as? Bool == true } }
        _ = try await client.post("/api/chats/\(chatID)/text", json: ["text": answer])
        let zone = try await eventualValue(within: .seconds(10)) {
            try await client.get("/api/chats/\(chatID)/messages?since=-1").json?["timeZone"] as? String
        }
        #expect(zone != nil, "the bot did not save the typed zone \(answer) within 10 s")
        return zone
    }
}
