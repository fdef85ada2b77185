import TestSupport
import Bot
@testable import BotMedia
import Foundation
import Logging
import Media
import Testing

@Suite struct BotMediaKitTests {
    @Test func startingTheBotRemovesDownloadsAnInterruptedRunLeftBehind() throws {
        // Given a data directory where a killed run left a half-downloaded photo in uploads/
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        let uploads = data.appendingPathComponent(UploadFolder.name)
        try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
        let leftover = uploads.appendingPathComponent("sogreto-upload-interrupted")
        try Data(repeating: 0xFF, count: 4096).write(to: leftover)
        let configuration = try Configuration.load(from: [
            "SOGRETO_DATA_DIR": data.path, "SOGRETO_ASSETS_DIR": assetsDirectory.path,
        ])
        // When the bot is prepared
        _ = try BotRuntime.prepare(configuration: configuration, client: UnusedTelegramClient(), clock: SystemClock(),
                                   media: BotMediaKit(), logger: Logger(label: "test"))
        // Then the leftover is gone and the folder is there, empty, for this run's downloads
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: uploads.path).isEmpty)
    }

    @Test func aMediaErrorIsSummarisedInItsOwnSentence() {
        // Media's sentences are for logs; without the kit's conformance the summary was the type's name
        let error = MediaError(.corrupt, "The JPEG ends before its last scan.")
        #expect(ErrorSummary.of(error) == error.description)
        #expect(ErrorSummary.of(error) != "MediaError")
    }
}
