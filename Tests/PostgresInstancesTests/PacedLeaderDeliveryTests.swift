import BlobStore
import Foundation
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import TelegramEmulator
import Testing
@testable import Bot
import TestSupport

@Suite(.enabled(if: PostgresTestCluster.isAvailable,
                "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
struct PacedLeaderDeliveryTests {
    @Test func aLeaderHoldingMessagesBackForTelegramsLimitsSendsThemLaterInEachChatsOrder() async throws {
        // Given a leader's store under its term, and queued at once four messages to one chat and
        // one to each of 24 others (more than the pacer's first burst, and two of a chat's per second)
        let (database, url) = try await InstanceFixtures.database()
        let term = ManualTerm()
        let leader = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger, fence: term.fence)
        let plain = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        let admin = try await InstanceFixtures.connect(database)
        term.term = try await InstanceFixtures.scalar("INSERT INTO leader_terms (instance) VALUES ('a') RETURNING term",
                                                      on: admin, as: Int64.self)
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .telegram, maxLongPollTimeout: 1))
        let talker = await emulator.newUser(firstName: "Talker", languageCode: "ru")
        var others: [SimulatedUser] = []
        for index in 0..<24 { others.append(await emulator.newUser(firstName: "U\(index)", languageCode: "en")) }
        let now = Date()
        for number in 1...4 {
            try await plain.enqueue([.message(text: "message \(number)", keyboard: nil)], chatID: talker.chatID, priority: 0, now: now)
        }
        for user in others {
            try await plain.enqueue([.message(text: "hello", keyboard: nil)], chatID: user.chatID, priority: 0, now: now)
        }

        // When the leader's delivery runs with Telegram's pacing (Delivery's default limits)
        let delivery = OutboxDelivery(client: HTTPTelegramClient(baseURL: emulator.baseURL, token: emulator.token),
                                      database: leader, clock: SystemClock(), wake: WakeSignal(), limits: DeliveryLimits(),
                                      dataDirectory: FileManager.default.temporaryDirectory, blobs: InMemoryBlobStore(),
                                      logger: InstanceFixtures.logger)
        let running = Task { try await delivery.run() }

        // Then every message goes out (a row held back is released, not left claimed), each
        // chat's in order, with no 429
        let allSent = try await eventually(within: .seconds(15)) {
            try await plain.outboxRows(chatID: nil).allSatisfy { $0.state == "sent" }
        }
        running.cancel()
        _ = await running.result
        let states = try await plain.outboxRows(chatID: nil).map(\.state)
        #expect(allSent, "outbox states: \(Dictionary(grouping: states, by: { $0 }).mapValues(\.count))")
        let log = await emulator.requestLog().filter { $0.method == "sendMessage" }
        let talked = log.filter { $0.parameters["chat_id"] == String(talker.chatID) && $0.httpStatus == 200 }
        #expect(talked.compactMap { $0.parameters["text"] } == (1...4).map { "message \($0)" })
        #expect(log.filter { $0.httpStatus == 429 }.isEmpty)

        try await admin.close()
        await leader.close()
        await plain.close()
        await emulator.shutdown()
    }
}
