import Foundation
import TestSupport
import Testing
@testable import Admin
@testable import Bot

/// What a hostile or broken HTTP client meets: bodies over the limit get 413 (a client error,
/// not one the error-burst alert counts), and silent connections are closed.
@Suite struct HTTPLimitsTests {
    @Test func anOversizedBodyGets413AndIsNoServerError() async throws {
        try await withAdminWorld { world in
            try await world.addUser(7)
            // Given a 10 MB body to the quota endpoint
            let huge = "{\"max_photos\": 3" + String(repeating: " ", count: 10_000_000) + "}"
            let reply = try await world.request("PUT", "/admin/users/7/quota", json: huge)
            // Then it is refused as too large, in a JSON sentence, and nothing counts as a server error
            #expect(reply.status == 413)
            #expect((try reply.json()["error"] as? String)?.contains("64 KB") == true)
            #expect(world.signals.errorCount(since: .distantPast) == 0)
            #expect(try await world.auditActions().isEmpty)
            // And other client errors do not count either
            _ = try await world.request("GET", "/admin/no-such-endpoint")
            _ = try await world.request("PUT", "/admin/users/7/quota", json: "{\"max_photos\": \"many\"}")
            #expect(world.signals.errorCount(since: .distantPast) == 0)
        }
    }

    @Test func halfSentRequestsAndIdleConnectionsAreClosed() async throws {
        try await withAdminWorld(idleTimeout: .milliseconds(500), overLoopback: true) { world in
            let port = try #require(world.baseURL.port)
            // Given a request whose head stops half-way, one whose body stops half-way, and an idle connection
            let halfHead = try RawHTTPConnection(port: port)
            halfHead.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            let halfBody = try RawHTTPConnection(port: port)
            halfBody.send("PUT /admin/users/7/quota HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"max")
            let idle = try RawHTTPConnection(port: port)
            // Then the server closes each of them within a few idle timeouts
            #expect(await halfHead.readUntilClosed(timeout: 10) != nil)
            #expect(await halfBody.readUntilClosed(timeout: 10) != nil)
            #expect(await idle.readUntilClosed(timeout: 10) != nil)
            // And a complete request on a fresh connection is still answered
            let whole = try RawHTTPConnection(port: port)
            whole.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(await whole.status(timeout: 20) == 200)
        }
    }
}
