import Foundation
import Logging
import ServiceLifecycle
import Testing
@testable import Bot

/// At debug and trace levels the service group names every service it starts and stops: each
/// in a few words, not its whole dependency graph (localized texts, admin ids) on one line.
@Suite struct ServiceLogEndToEndTests {
    @Test func traceLogsNameServicesInAFewWords() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: logs) }
        let file = try RotatingFile(directory: logs, maxBytes: 100_000_000, maxFiles: 1)
        let logger = Logger(label: "e2e") { LineLogHandler(label: $0, level: .trace, sink: .file(file)) }
        // Given a bot with admins, started and stopped with trace logging
        let bot = try await BotHarness.start(adminIDs: [424_242_001, 424_242_002], logger: logger)
        await bot.stop()
        // Then the group's lines name the services briefly, and no line carries texts or admin ids
        let lines = try String(contentsOf: logs.appendingPathComponent("sogreto.log"), encoding: .utf8)
            .split(separator: "\n")
        let longest = lines.map(\.utf8.count).max() ?? 0
        #expect(longest < 2_000, "a \(longest)-byte log line")
        #expect(lines.contains { $0.contains("OutboxDelivery(concurrency:") })
        #expect(!lines.contains { $0.contains("424242001") })
    }

    @Test func everyServiceDescribesItselfBriefly() async throws {
        let bot = try await BotHarness.start(adminIDs: [424_242_001])
        let services: [any Service] = [bot.runtime.delivery, bot.runtime.scheduler, bot.runtime.media, bot.runtime.intake]
        for service in services {
            #expect(ServiceName.of(service).count < 100, "\(type(of: service))")
            #expect("\(service)".count < 100, "\(type(of: service)) prints itself in full")
        }
        await bot.stop()
    }
}
