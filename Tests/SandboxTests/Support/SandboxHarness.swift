import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Sandbox
import TestSupport

let repositoryRoot = Repository.root

/// Runs `body` with a sandbox on 127.0.0.1:0 and a temporary data directory, and stops it after.
func withSandbox(idleTimeout: Duration? = nil, _ body: (Sandbox, SandboxClient) async throws -> Void) async throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-sandbox-\(UUID().uuidString)")
    var options = SandboxOptions(port: 0, environment: [
        "SOGRETO_DATA_DIR": base.path,
        "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
        "SOGRETO_SUPPORT_CONTACT": "@sogreto_care",
    ])
    if let idleTimeout { options.idleTimeout = idleTimeout }
    var logger = Logger(label: "sandbox-tests")
    logger.logLevel = .critical
    let sandbox = try await Sandbox.start(options, logger: logger)
    defer { try? FileManager.default.removeItem(at: base) }
    do {
        try await body(sandbox, SandboxClient(baseURL: sandbox.url))
    } catch {
        await sandbox.shutdown()
        throw error
    }
    await sandbox.shutdown()
}

/// The web chat's side of the JSON API, over real HTTP.
struct SandboxClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        var errorMessage: String? { (json?["error"] as? [String: Any])?["message"] as? String }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    let baseURL: URL

    func get(_ path: String) async throws -> Reply {
        try await send("GET", path, body: nil, contentType: nil)
    }

    func post(_ path: String, json object: [String: Any]) async throws -> Reply {
        try await send("POST", path, body: try JSONSerialization.data(withJSONObject: object),
                       contentType: "application/json")
    }

    func post(_ path: String, bytes: Data, contentType: String) async throws -> Reply {
        try await send("POST", path, body: bytes, contentType: contentType)
    }

    private func send(_ method: String, _ path: String, body: Data?, contentType: String?) async throws -> Reply {
        guard let url = URL(string: path, relativeTo: baseURL) else { throw SandboxTestFailure("Bad path \(path).") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw SandboxTestFailure("No HTTP response for \(path).") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }

    /// Polls the chat until `condition` holds for its messages, as the page does.
    func waitForMessages(chatID: Int64, timeout: Duration = .seconds(10),
                         until condition: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
        var last: [[String: Any]] = []
        let reached = try await eventually(within: timeout) {
            let reply = try await get("/api/chats/\(chatID)/messages")
            last = reply.json?["messages"] as? [[String: Any]] ?? []
            return condition(last)
        }
        if reached { return last }
        let summary = last.map { "\($0["id"] ?? "?") \($0["kind"] ?? "?"): \(($0["text"] as? String ?? "").prefix(40))" }
        throw SandboxTestFailure("The chat did not reach the expected state; it shows: \(summary.joined(separator: " | ")).")
    }
}

struct SandboxTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A small real JPEG of a plant, as a phone would send it.
enum TestImages {
    static func jpeg() throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/SandboxTests/Fixtures/sprouts.jpg"))
    }
}
