import TestSupport
import Foundation
import Logging
import Program
import Testing
@testable import Bot

@Suite struct BotRuntimeTests {
    @Test func theBotRefusesToStartOnInvalidContentNamingTheProblem() throws {
        // Given a copy of the assets whose basil texts lost a step
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let assets = directory.appendingPathComponent("assets")
        try FileManager.default.copyItem(at: assetsDirectory, to: assets)
        let file = assets.appendingPathComponent("programs/basil/ru.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        var stages = json["stages"] as! [String: Any]
        stages.removeValue(forKey: "sprouts")
        json["stages"] = stages
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        let configuration = try Configuration.load(from: [
            "SOGRETO_DATA_DIR": directory.appendingPathComponent("data").path,
            "SOGRETO_ASSETS_DIR": assets.path,
        ])
        // When the bot is prepared, then it refuses with the file and JSON path of the problem
        #expect {
            try BotRuntime.prepare(configuration: configuration, client: UnusedTelegramClient(), clock: SystemClock(),
                                   media: NoMediaKit(), logger: Logger(label: "test"))
        } throws: { error in
            guard let content = error as? ContentError else { return false }
            return content.problems.contains { $0.file.hasSuffix("basil/ru.json") && $0.message.contains("sprouts") }
        }
    }
}

/// Preparing the runtime makes no calls; any call is a test failure.
struct UnusedTelegramClient: TelegramClient {
    struct Unexpected: Error {}
    func send<Method: TelegramMethod>(_ method: Method) async throws -> Method.Result { throw Unexpected() }
    func downloadFile(path: String, maxBytes: Int) async throws -> Data { throw Unexpected() }
}

/// A bot without the image and PDF task kinds: what Bot alone runs.
struct NoMediaKit: MediaTaskKit {
    func prepare(_ bot: MediaTaskContext) throws -> PreparedMediaTasks {
        PreparedMediaTasks(handlers: [], concurrency: 1)
    }
}
