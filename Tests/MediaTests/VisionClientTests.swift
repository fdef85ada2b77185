import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// The optional vision API client against a local fake endpoint over real loopback HTTP.
    /// (Inside `MediaTests`: it encodes a JPEG, which the leak check must not see.)
    @Suite struct VisionClientTests {
        static let good = #"{"stage":"microgreen","health":"dry","confidence":0.82,"advice":"Полей чуть больше."}"#

        func client(_ url: URL, retries: Int = 2, timeout: TimeInterval = 5) -> OpenAIVisionClient {
            var settings = VisionSettings(url: url, apiKey: "sk-test", model: "vision-mini")
            settings.retries = retries
            settings.timeout = timeout
            settings.retryDelay = 0.05
            return OpenAIVisionClient(settings: settings)
        }

        @Test func aValidAnswerIsReadAndThePhotoIsSentInlineWithTheKeyAndModel() async throws {
            let api = FakeVisionAPI([.answer(Self.good)])
            let jpeg = try Fixtures.jpeg(Fixtures.solid(.green))
            let assessment = try await api.serve { url in try await client(url).assess(jpeg: jpeg, language: "ru") }
            #expect(assessment == PlantAssessment(stage: .microgreen, health: .dry, confidence: 0.82, advice: "Полей чуть больше."))
            let body = try #require(await api.requests.first)
            let request = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            #expect(request["model"] as? String == "vision-mini")
            #expect(await api.authorizations == ["Bearer sk-test"])
            let messages = try #require(request["messages"] as? [[String: Any]])
            let parts = try #require(messages.last?["content"] as? [[String: Any]])
            let images = parts.compactMap { part -> String? in
                guard let image = part["image_url"] as? [String: Any] else { return nil }
                return image["url"] as? String
            }
            #expect(images == ["data:image/jpeg;base64,\(jpeg.base64EncodedString())"])
        }

        @Test func serverErrorsAreRetriedAndThenAnswered() async throws {
            let api = FakeVisionAPI([.status(503), .status(429), .answer("```json\n\(Self.good)\n```")])
            let assessment = try await api.serve { url in try await client(url).assess(jpeg: Data([0xFF, 0xD8]), language: "en") }
            #expect(assessment.stage == .microgreen)
            #expect(await api.requestCount == 3)
        }

        @Test(arguments: [
            "I think these are sprouts!",
            #"{"stage":"tree","health":"ok","confidence":0.9,"advice":""}"#,
            #"{"stage":"sprout","health":"sunburnt","confidence":0.9,"advice":""}"#,
            #"{"stage":"sprout","health":"ok","confidence":7,"advice":""}"#,
        ])
        func unusableAnswersAreHandledFailuresWithoutRetries(answer: String) async throws {
            let api = FakeVisionAPI([.answer(answer), .answer(Self.good)])
            await #expect(throws: MediaError.self) {
                try await api.serve { url in try await client(url).assess(jpeg: Data([0xFF, 0xD8]), language: "ru") }
            }
            #expect(await api.requestCount == 1)
        }

        @Test func aClientErrorIsNotRetriedAndASlowServerTimesOut() async throws {
            let refused = FakeVisionAPI([.status(401), .answer(Self.good)])
            await #expect(throws: MediaError(.vision, "The vision API answered HTTP 401.")) {
                try await refused.serve { url in try await client(url).assess(jpeg: Data([0xFF, 0xD8]), language: "ru") }
            }
            #expect(await refused.requestCount == 1)

            let slow = FakeVisionAPI([.slow(seconds: 4, then: Self.good)])
            let started = ContinuousClock.now
            let timedOut = await #expect(throws: MediaError.self) {
                try await slow.serve { url in try await client(url, retries: 0, timeout: 1).assess(jpeg: Data([0xFF, 0xD8]), language: "ru") }
            }
            let said = timedOut.map { "\($0)" } ?? ""
            #expect(said.contains("The vision API could not be reached (") && said.contains("timed out"), "\(said)")
            #expect(!said.contains("127.0.0.1"), "the address is never in the error")
            let elapsed = ContinuousClock.now - started
            #expect(await slow.requestCount == 1)
            #expect(elapsed >= .seconds(0.9) && elapsed < .seconds(3))
        }
    }
}
