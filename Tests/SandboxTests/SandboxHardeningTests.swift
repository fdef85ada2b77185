import Foundation
import TestSupport
import Testing
@testable import Sandbox

extension SandboxSuites {
    /// The sandbox has no login: it answers only its own page at its own address, caps uploads at
    /// what a bot can download from Telegram, and closes silent connections.
    @Suite("The sandbox refuses other sites, oversized uploads and silent connections", .serialized)
    struct SandboxHardeningTests {
        static func request(port: Int, _ head: String, body: String = "") async -> Int? {
            guard let connection = try? RawHTTPConnection(port: port) else { return nil }
            connection.send(head + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
            return await connection.status(timeout: 5)
        }

        @Test func onlyItsOwnAddressAndPageAreAnswered() async throws {
            try await withSandbox { sandbox, client in
                let port = try #require(sandbox.url.port)
                let newUser = #"{"firstName":"Ева","languageCode":"ru"}"#
                // A page on another site, and a rebound DNS name, are refused
                #expect(await Self.request(port: port, "GET /api/state HTTP/1.1\r\nHost: evil.example:\(port)\r\n") == 403)
                #expect(await Self.request(port: port, "GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:\(port + 1)\r\n") == 403)
                #expect(await Self.request(port: port, "POST /api/users HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: http://evil.example\r\nContent-Type: application/json\r\n",
                                     body: newUser) == 403)
                #expect(await Self.request(port: port, "POST /api/users HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: null\r\nContent-Type: application/json\r\n",
                                     body: newUser) == 403)
                let users = (try await client.get("/api/state").json?["users"] as? [Any]) ?? []
                #expect(users.isEmpty, "no refused request created a user")
                // Its own page, by address or loopback name, is answered
                #expect(await Self.request(port: port, "POST /api/users HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\nContent-Type: application/json\r\n",
                                     body: newUser) == 200)
                #expect(await Self.request(port: port, "GET /api/state HTTP/1.1\r\nHost: localhost:\(port)\r\n") == 200)
                #expect(try await client.get("/api/state").status == 200)
            }
        }

        @Test func uploadsOverTwentyMegabytesGet413() async throws {
            try await withSandbox { sandbox, client in
                let created = try await client.post("/api/users", json: ["firstName": "Оля", "languageCode": "ru"])
                let chatID = try #require(created.json?["id"] as? Int64)
                let limit = 20 * 1024 * 1024
                // Declared too large: refused before the body is read
                let declared = try await client.post("/api/chats/\(chatID)/document?name=big.bin",
                                                     bytes: Data(count: limit + 1), contentType: "application/octet-stream")
                #expect(declared.status == 413)
                #expect(declared.errorMessage?.contains("20 MB") == true)
                // Streamed without a length: refused once past the limit
                let port = try #require(sandbox.url.port)
                let connection = try RawHTTPConnection(port: port)
                connection.send("POST /api/chats/\(chatID)/document?name=big.bin HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nTransfer-Encoding: chunked\r\n\r\n")
                let chunk = Data(count: 1024 * 1024)
                for _ in 0..<21 {
                    guard connection.send(Data(String(chunk.count, radix: 16).utf8) + Data("\r\n".utf8) + chunk + Data("\r\n".utf8)) else { break }
                }
                connection.send("0\r\n\r\n")
                #expect(await connection.status(timeout: 10) == 413)
                // And nothing reached the chat
                let messages = try await client.get("/api/chats/\(chatID)/messages").json?["messages"] as? [[String: Any]] ?? []
                #expect(!messages.contains { $0["kind"] as? String == "document" })
            }
        }

        @Test func silentConnectionsAreClosed() async throws {
            try await withSandbox(idleTimeout: .milliseconds(500)) { sandbox, _ in
                let port = try #require(sandbox.url.port)
                let halfHead = try RawHTTPConnection(port: port)
                halfHead.send("GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n")
                let idle = try RawHTTPConnection(port: port)
                #expect(await halfHead.readUntilClosed(timeout: 10) != nil)
                #expect(await idle.readUntilClosed(timeout: 10) != nil)
            }
        }
    }
}
