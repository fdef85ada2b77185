import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A local OpenAI-compatible chat-completions endpoint on 127.0.0.1:0 that plays back scripted
/// replies and records what it was sent.
actor FakeVisionAPI {
    enum Reply: Sendable {
        /// HTTP 200 with a chat completion whose message content is `content`.
        case answer(String)
        case status(Int)
        /// Waits this long before answering `answer`.
        case slow(seconds: Double, then: String)
    }

    private var script: [Reply]
    /// The request bodies, as sent.
    private(set) var requests: [Data] = []
    private(set) var authorizations: [String?] = []

    init(_ script: [Reply]) {
        self.script = script
    }

    var requestCount: Int { requests.count }

    private func next(_ body: Data, authorization: String?) -> Reply {
        requests.append(body)
        authorizations.append(authorization)
        return script.isEmpty ? .status(500) : script.removeFirst()
    }

    /// Runs the endpoint for the duration of `body`, which gets its base URL (…/v1).
    func serve<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let router = Router()
        router.post("v1/chat/completions") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 16 << 20)
            let authorization = request.headers[.authorization]
            switch await self.next(Data(buffer.readableBytesView), authorization: authorization) {
            case .answer(let content):
                return Self.completion(content)
            case .status(let code):
                return Response(status: HTTPResponse.Status(code: code))
            case .slow(let seconds, let content):
                try await Task.sleep(for: .seconds(seconds)) // the slow API this fake plays
                return Self.completion(content)
            }
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-vision")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let server = Task { try await group.run() }
        var port = 0
        for await first in ports { port = first; break }
        defer { server.cancel() }
        let result = try await body(URL(string: "http://127.0.0.1:\(port)/v1")!)
        await group.triggerGracefulShutdown()
        _ = await server.result
        return result
    }

    private static func completion(_ content: String) -> Response {
        let object: [String: Any] = ["id": "chatcmpl-1", "object": "chat.completion",
                                     "choices": [["index": 0, "message": ["role": "assistant", "content": content],
                                                  "finish_reason": "stop"]]]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
