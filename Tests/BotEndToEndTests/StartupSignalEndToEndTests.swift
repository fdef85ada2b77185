import Foundation
import TelegramEmulator
import Testing
import TestSupport

/// A SIGTERM that comes while `sogreto run` is still starting, before its service group listens,
/// ends it cleanly: the step in hand finishes, nothing more starts, and it exits 0 rather than
/// dying by the signal (systemd would count that as a failure, and a half-done step would be cut).
@Suite(.serialized) struct StartupSignalEndToEndTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sogretoBinary.path), "needs the built sogreto executable"))
    func aSIGTERMWhileStartingEndsTheBotCleanly() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-early-term-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("logs").appendingPathComponent("sogreto.log")
        // Given a Telegram slow to answer the bot's greeting (getMe, then deleteWebhook)
        await emulator.inject(.slowReplies(delay: .seconds(3), count: 2))
        let bot = try BotProcess(emulator: emulator, dataDirectory: directory, environment: [
            "SOGRETO_LOG_DIR": log.deletingLastPathComponent().path, "SOGRETO_LOG_LEVEL": "info",
        ])
        // When SIGTERM comes once the bot says it is starting, while it waits for Telegram
        let starting = try await eventually(within: .seconds(60)) {
            (try? String(contentsOf: log, encoding: .utf8))?.contains("sogreto: starting") == true
        }
        #expect(starting, "the bot never logged that it was starting")
        let status = await bot.terminate()
        // Then it exits 0 after the step in hand, without ever polling for updates
        #expect(status == 0, "exit status \(status.map(String.init) ?? "none: killed after 30 s") (15 is death by SIGTERM)")
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(text.contains("stopped during start-up"), "\(text)")
        #expect(await !emulator.requestLog().contains { $0.method == "getUpdates" })
        await emulator.shutdown()
    }
}
