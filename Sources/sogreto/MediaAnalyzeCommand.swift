import ArgumentParser
import Bot
import Foundation
import Media

extension MediaCommand {
    /// `sogreto media analyze IN`: what the optional vision API says about a photo.
    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the vision API (SOGRETO_VISION_API_URL/_KEY/_MODEL) for the growth stage and health in a photo; prints JSON.")

        @Argument(help: "The photo, in any format the diary takes.")
        var input: String
        @Option(help: "Language of the advice (ru, en).")
        var language: String = "ru"

        func run() async throws {
            let configuration = try loadConfiguration()
            guard let vision = configuration.vision else {
                throw ValidationError("The vision API is off: set SOGRETO_VISION_API_URL (and _KEY, _MODEL) to use it.")
            }
            let client = OpenAIVisionClient(settings: VisionSettings(url: vision.url, apiKey: vision.key?.value,
                                                                     model: vision.model))
            do {
                // The service sends the normalised photo (upright, ≤ 1600 px, no metadata): so does this.
                let photo = try PhotoIngest().ingest(MediaJob.source(input))
                let assessment = try await client.assess(jpeg: photo.main, language: language)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(assessment), as: UTF8.self))
            } catch let error as MediaError {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
