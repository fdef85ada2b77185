public import Foundation
import HTTPTransport

/// A `PlantAssessor` over an OpenAI-compatible chat-completions API: the photo goes inline as a
/// base64 data URL, the model is asked for a JSON object, and the answer is validated. It uses
/// the bot's libcurl transport (a thread of its own), so no binary links URLSession for it.
public final class OpenAIVisionClient: PlantAssessor {
    private let settings: VisionSettings
    private let transport: CurlTransport?

    public init(settings: VisionSettings) {
        self.settings = settings
        transport = CurlTransport(maxConnections: 2, threadName: "vision-http")
    }

    deinit {
        transport?.shutdown()
    }

    static let instructions = """
        You look at a photo of a home microgreens tray. Answer with one JSON object only: \
        {"stage": one of "seed", "sprout", "microgreen", "baby_leaf", "harvest"; \
        "health": one of "ok", "dry", "overwatered", "mold", "yellowing", "leggy"; \
        "confidence": a number from 0 to 1; "advice": one short, kind sentence of care advice}.
        """

    public func assess(jpeg: Data, language: String) async throws -> PlantAssessment {
        let body = try requestBody(jpeg: jpeg, language: language)
        var attempt = 0
        while true {
            do {
                return try await attemptOnce(body)
            } catch let failure as Failure where failure.isTransient && attempt < settings.retries {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(settings.retryDelay * pow(2, Double(attempt - 1)) * 1e9))
            } catch let failure as Failure {
                throw MediaError(.vision, failure.description)
            }
        }
    }

    private struct Failure: Error, CustomStringConvertible {
        let description: String
        let isTransient: Bool
    }

    private func attemptOnce(_ body: Data) async throws -> PlantAssessment {
        guard let transport else {
            throw Failure(description: "The vision API could not be reached (libcurl did not start).", isTransient: false)
        }
        var headers = ["Content-Type: application/json", "Expect:"]
        if let key = settings.apiKey { headers.append("Authorization: Bearer \(key)") }
        let request = HTTPRequest(method: "POST", url: settings.endpoint.absoluteString, headers: headers, body: .data(body),
                                  limits: TransferLimits(total: settings.timeout, connect: min(settings.timeout, 10), stall: nil),
                                  label: "vision", maxBytes: Self.maxReplyBytes)
        let reply: CurlResponse
        do {
            reply = try await transport.perform(request)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as TransportError {
            // libcurl's fixed sentence only: the URL may carry a key.
            switch error.kind {
            case .transport(let reason), .localFile(let reason):
                throw Failure(description: "The vision API could not be reached (\(reason)).", isTransient: true)
            case .fileTooBig:
                throw Failure(description: "The vision API's reply is too large to be a chat completion.", isTransient: false)
            }
        }
        let data = reply.body
        let status = reply.status
        guard status == 200 else {
            throw Failure(description: "The vision API answered HTTP \(status).", isTransient: status == 429 || status >= 500)
        }
        guard let reply = try? JSONDecoder().decode(ChatReply.self, from: data),
              let content = reply.choices.first?.message.content else {
            throw Failure(description: "The vision API's reply is not a chat completion.", isTransient: false)
        }
        do {
            return try PlantAssessment.parse(content)
        } catch let error as MediaError {
            throw Failure(description: error.description, isTransient: false)
        }
    }

    /// A chat completion with one short JSON object is a few kilobytes; anything far larger is not one.
    static let maxReplyBytes = 1 << 20

    private func requestBody(jpeg: Data, language: String) throws -> Data {
        let request = ChatRequest(
            model: settings.model,
            messages: [
                .init(role: "system", content: [.init(text: Self.instructions)]),
                .init(role: "user", content: [
                    .init(text: "Write the advice in the language with code \"\(language)\"."),
                    .init(imageURL: "data:image/jpeg;base64,\(jpeg.base64EncodedString())"),
                ]),
            ])
        return try JSONEncoder().encode(request)
    }
}

/// The request, as the chat-completions API takes it.
private struct ChatRequest: Encodable {
    struct Message: Encodable {
        var role: String
        var content: [Part]
    }

    struct Part: Encodable {
        struct ImageURL: Encodable { var url: String }
        var type: String
        var text: String?
        var imageURL: ImageURL?

        init(text: String) {
            type = "text"
            self.text = text
        }

        init(imageURL: String) {
            type = "image_url"
            self.imageURL = ImageURL(url: imageURL)
        }

        enum CodingKeys: String, CodingKey {
            case type, text
            case imageURL = "image_url"
        }
    }

    struct ResponseFormat: Encodable { var type = "json_object" }

    var model: String
    var messages: [Message]
    var temperature = 0.0
    var maxTokens = 200
    var responseFormat = ResponseFormat()

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature
        case maxTokens = "max_tokens"
        case responseFormat = "response_format"
    }
}

/// The part of the reply we read.
private struct ChatReply: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable { var content: String? }
        var message: Message
    }
    var choices: [Choice]
}
