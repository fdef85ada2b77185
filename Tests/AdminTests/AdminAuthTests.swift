import Foundation
import Testing
@testable import Admin
@testable import Bot
import Hummingbird

@Suite struct AdminAuthTests {
    @Test func theAPIAnswers401InJSONWithoutTheRightBearerToken() async throws {
        try await withAdminWorld { world in
            for auth in [AdminWorld.Auth.none, .wrong("Bearer not-the-token-at-all-xx"),
                         .wrong("Bearer " + AdminWorld.token.dropLast() + "X"), .wrong("Bearer " + AdminWorld.token + "1"),
                         .wrong("Basic " + AdminWorld.token), .wrong(AdminWorld.token)] {
                for (method, path) in [("GET", "/admin/storage"), ("GET", "/admin/funnel"), ("GET", "/metrics"),
                                       ("PUT", "/admin/users/1/quota"), ("DELETE", "/admin/users/1/media"),
                                       ("POST", "/admin/storage/orphans/cleanup")] {
                    let reply = try await world.request(method, path, auth: auth, json: method == "PUT" ? "{\"max_photos\": 3}" : nil)
                    #expect(reply.status == 401, "\(method) \(path)")
                    #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)
                    #expect(try reply.json()["error"] as? String == AdminError.unauthorized.description)
                    #expect(reply.headers["www-authenticate"] == "Bearer")
                }
            }
            #expect(try await world.auditActions().isEmpty, "nothing refused was done")
        }
    }

    @Test func theRightTokenOpensTheAPIWhateverTheSchemeCase() async throws {
        try await withAdminWorld { world in
            let exact = try await world.request("GET", "/admin/storage")
            let lowercased = try await world.request("GET", "/admin/storage", auth: .wrong("bearer \(AdminWorld.token)"))
            #expect(exact.status == 200)
            #expect(lowercased.status == 200)
        }
    }

    @Test func healthAndThePageNeedNoToken() async throws {
        try await withAdminWorld { world in
            let health = try await world.request("GET", "/healthz", auth: .none)
            #expect(health.status == 200)
            #expect(try health.json()["status"] as? String == "ok")
            let page = try await world.request("GET", "/admin", auth: .none)
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("sessionStorage"))
            #expect(!page.text.contains(AdminWorld.token))
        }
    }

    @Test func unknownAdminPathsAndMethodsAnswerInJSON() async throws {
        try await withAdminWorld { world in
            let unknown = try await world.request("GET", "/admin/nothing-here")
            #expect(unknown.status == 404)
            #expect(try unknown.json()["error"] as? String == "There is no such admin endpoint.")
            let method = try await world.request("POST", "/admin/storage")
            #expect(method.status >= 400)
            #expect(try method.json()["error"] is String)
        }
    }

    @Test func tokensCompareByEveryByte() {
        let expected = Array("0123456789abcdef".utf8)
        #expect(BearerTokenMiddleware<Hummingbird.BasicRequestContext>.constantTimeEquals(expected, expected))
        #expect(!BearerTokenMiddleware<Hummingbird.BasicRequestContext>.constantTimeEquals(Array("0123456789abcdeF".utf8), expected))
        #expect(!BearerTokenMiddleware<Hummingbird.BasicRequestContext>.constantTimeEquals(Array("X123456789abcdef".utf8), expected))
        #expect(!BearerTokenMiddleware<Hummingbird.BasicRequestContext>.constantTimeEquals(Array("0123456789abcde".utf8), expected))
        #expect(!BearerTokenMiddleware<Hummingbird.BasicRequestContext>.constantTimeEquals([], expected))
        // Lengths 256 apart must not look equal through the truncated length difference.
        #expect(!BearerTokenMiddleware<Hummingbird.BasicRequestContext>.constantTimeEquals(expected + [UInt8](repeating: 0, count: 256), expected))
    }
}
