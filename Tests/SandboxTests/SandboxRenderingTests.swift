import Foundation
import Testing
@testable import Sandbox

extension SandboxSuites {
    @Suite("What the bot sends reaches the web chat's JSON: edits, chat actions, albums, files, audio")
    struct SandboxRenderingTests {
        @Test func theChatJSONCarriesEditsActionsAndMedia() async throws {
            try await withSandbox { sandbox, client in
                let (chatID, editedID) = try await ChatContent.fillChat(sandbox, client)

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
                #expect(messages.contains { $0["kind"] as? String == "voice" && $0["mimeType"] as? String == "audio/ogg" })

                // And asking again with the same revision returns no messages at all
                let unchanged = try await client.get("/api/chats/\(chatID)/messages?since=\(revision)")
                #expect(unchanged.json?["messages"] == nil)
                #expect(unchanged.json?["revision"] as? Int == revision)
            }
        }
    }
}
