import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `PlantAssessor` over an OpenAI-compatible chat-completions API: the photo goes inline as a
/// base64 data URL, the model is asked for a JSON object, and the answer is validated.
public final class OpenAIVisionClient: PlantAssessor {
    private let settings: VisionSettings
    private let session: URLSession

    public init(settings: VisionSettings) {
        self.settings = settings
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = settings.timeout
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
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
        var request = URLRequest(url: settings.endpoint, timeoutInterval: settings.timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let key = settings.apiKey { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        request.httpBody = body
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as URLError {
            // Only the code: URLError's description names the URL.
            throw Failure(description: "The vision API could not be reached (network error \(error.code.rawValue)).",
                          isTransient: true)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
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
