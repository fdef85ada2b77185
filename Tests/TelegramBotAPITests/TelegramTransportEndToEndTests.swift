import Foundation
import Logging
import Testing
import TelegramEmulator
import TestSupport
import TelegramBotAPI

/// The Telegram client's transport (libcurl's multi interface) against the emulator over
/// loopback: typed errors, uploads and capped downloads, cancellation, timeouts, and no token in
/// any error it reports.
@Suite(.serialized) struct TelegramTransportEndToEndTests {
    @Test func repliesAndRefusalsComeBackTyped() async throws {
        let emulator = try await TelegramEmulator.start()
        defer { Task { await emulator.shutdown() } }
        let client = HTTPTelegramClient(baseURL: emulator.baseURL, token: emulator.token)
        let anna = await emulator.newUser(firstName: "Анна")

        let sent = try await client.send(SendMessage(chatID: anna.chatID, text: "Привет, <b>Анна</b>"))
        #expect(await emulator.messages(in: anna.chatID).filter(\.isFromBot).map(\.messageID) == [sent.messageID])

        await emulator.inject(.tooManyRequests(retryAfter: 7, method: "sendMessage", count: 1))
        let refused = await #expect(throws: TelegramError.self) {
            _ = try await client.send(SendMessage(chatID: anna.chatID, text: "ещё"))
        }
        #expect(refused?.isTooManyRequests == true)
        #expect(refused?.retryAfter == 7)

        let unknownChat = await #expect(throws: TelegramError.self) {
            _ = try await client.send(SendMessage(chatID: 987_654_321, text: "кому?"))
        }
        #expect(unknownChat?.errorCode == 400)
    }

    @Test func manyConcurrentRequestsAllArriveOnce() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none))
        defer { Task { await emulator.shutdown() } }
        let client = HTTPTelegramClient(baseURL: emulator.baseURL, token: emulator.token, maxConnections: 8)
        let anna = await emulator.newUser(firstName: "Анна")
        let ids = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask { try await client.send(SendMessage(chatID: anna.chatID, text: "№\(index)")).messageID }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(ids.count == 200)
    }

    @Test func requestsWaitingForAConnectionDoNotSpendTheirTimeout() async throws {
        // Given one connection, a 4 s reply limit and an emulator that takes 20 ms per reply
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none))
        defer { Task { await emulator.shutdown() } }
        var timeouts = TelegramTimeouts()
        timeouts.reply = 4
        let client = HTTPTelegramClient(baseURL: emulator.baseURL, token: emulator.token, maxConnections: 1,
                                        timeouts: timeouts)
        let anna = await emulator.newUser(firstName: "Анна")
        let sends = 400
        await emulator.inject(.slowReplies(delay: .milliseconds(20), count: sends))
        // When 400 sends start at once: the last wait 8 s for the connection, twice the limit, while
        // each needs a two-hundredth of it once sent (room for a loaded machine's stalls)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<sends {
                group.addTask { (try? await client.send(SendMessage(chatID: anna.chatID, text: "№\(index)"))) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        // Then each had its whole limit once sent: with the queue counted against the limit about half
        // time out; a send stalled for seconds by the whole suite's load on the emulator is tolerated
        #expect(results.filter { $0 }.count >= sends * 95 / 100)
    }

    @Test func anUploadedDocumentDownloadsWithinItsCapAndIsRefusedAboveIt() async throws {
        let emulator = try await TelegramEmulator.start()
        defer { Task { await emulator.shutdown() } }
        let client = HTTPTelegramClient(baseURL: emulator.baseURL, token: emulator.token)
        let anna = await emulator.newUser(firstName: "Анна")
        let bytes = Data((0..<50_000).map { UInt8($0 % 251) })

        // Given a document the user sent (the bot learns its file_id from getUpdates)
        await emulator.sendDocument(bytes, fileName: "notes.bin", mimeType: "application/octet-stream", from: anna)
        let updates = try await client.send(GetUpdates(offset: nil, pollTimeout: 0))
        let fileID = try #require(updates.last?.message?.document?.fileID)
        let path = try #require(try await client.send(GetFile(fileID: fileID)).filePath)

        // Then it downloads whole, and a smaller cap refuses it as too big
        #expect(try await client.downloadFile(path: path) == bytes)
        let tooBig = await #expect(throws: TelegramError.self) {
            _ = try await client.downloadFile(path: path, maxBytes: 10_000)
        }
        guard case .fileTooBig(let seen, let limit)? = tooBig?.kind else {
            Issue.record("expected fileTooBig, got \(String(describing: tooBig))")
            return
        }
        #expect(seen > 10_000 && limit == 10_000)

        // And streamed to a file it arrives whole; over the cap, or onto an existing file, no file is left
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-dl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("whole.bin")
        try await client.downloadFile(path: path, to: saved, maxBytes: 20 * 1024 * 1024)
        #expect(FileManager.default.contents(atPath: saved.path) == bytes)
        let refused = folder.appendingPathComponent("refused.bin")
        await #expect(throws: TelegramError.self) {
            try await client.downloadFile(path: path, to: refused, maxBytes: 10_000)
        }
        #expect(!FileManager.default.fileExists(atPath: refused.path), "a refused download leaves no partial file")
        await #expect(throws: TelegramError.self) {
            try await client.downloadFile(path: path, to: saved, maxBytes: 20 * 1024 * 1024)
        }
        #expect(FileManager.default.contents(atPath: saved.path) == bytes, "an existing file is never overwritten")

        // And a multipart upload (a document from disk) reaches the chat intact
        let upload = InputFile(fileName: "back.bin", mimeType: "application/octet-stream", data: bytes)
        _ = try await client.send(SendDocument(chatID: anna.chatID, document: .upload(upload)))
        let sentBack = try #require(await emulator.messages(in: anna.chatID).filter(\.isFromBot).last?.fileID)
        #expect(await emulator.downloadFile(fileID: sentBack) == bytes)
    }

    @Test func aCancelledLongPollStopsAtOnce() async throws {
        let emulator = try await TelegramEmulator.start()
        defer { Task { await emulator.shutdown() } }
        let client = HTTPTelegramClient(baseURL: emulator.baseURL, token: emulator.token)
        let poll = Task { try await client.send(GetUpdates(offset: nil, pollTimeout: 20)) }
        #expect(try await eventually { await emulator.waitingLongPollCount() == 1 })
        let started = ContinuousClock.now
        poll.cancel()
        await #expect(throws: CancellationError.self) { _ = try await poll.value }
        #expect(ContinuousClock.now - started < .seconds(2))
        // The client still works afterwards
        #expect(try await client.send(GetMe()).isBot)
    }

    @Test func slowRepliesTimeOutAndUnreachableServersFailWithoutTheToken() async throws {
        let emulator = try await TelegramEmulator.start()
        defer { Task { await emulator.shutdown() } }
        var impatient = TelegramTimeouts()
        impatient.reply = 0.3
        let client = HTTPTelegramClient(baseURL: emulator.baseURL, token: emulator.token, timeouts: impatient)
        await emulator.inject(.slowReplies(delay: .seconds(2), count: 1))
        let slow = await #expect(throws: TelegramError.self) { _ = try await client.send(GetMe()) }
        #expect(slow?.isTransient == true)
        #expect(slow?.description.contains("timed out: request sent, no answer") == true)

        // Nothing listens on port 9 of loopback (discard): the connection is refused
        let nowhere = HTTPTelegramClient(baseURL: URL(string: "http://127.0.0.1:9")!, token: emulator.token)
        let refused = await #expect(throws: TelegramError.self) { _ = try await nowhere.send(GetMe()) }
        #expect(refused?.isTransient == true)
        #expect(refused.map { !"\($0)".contains(emulator.token) } == true)
        #expect(slow.map { !"\($0)".contains(emulator.token) } == true)
    }
}

/// A slow answer is logged with where its time went, so a send that waited is explained.
@Suite(.serialized) struct SlowTelegramAnswerLogTests {
    @Test func aSlowAnswerIsLoggedWithItsWaitForAConnectionAndItsExchange() async throws {
        // Given one connection, answers that take 400 ms and slow answers reported from 300 ms
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none))
        defer { Task { await emulator.shutdown() } }
        var timeouts = TelegramTimeouts()
        timeouts.slowNotice = 0.3
        let records = RecordedLog()
        let logger = Logger(label: "test") { _ in records }
        let client = HTTPTelegramClient(baseURL: emulator.baseURL, token: emulator.token, maxConnections: 1,
                                        timeouts: timeouts, logger: logger)
        let anna = await emulator.newUser(firstName: "Анна")
        await emulator.inject(.slowReplies(delay: .milliseconds(400), count: 2))
        // When two sends start at once, so the second waits for the first one's connection
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<2 {
                group.addTask { _ = try await client.send(SendMessage(chatID: anna.chatID, text: "№\(index)")) }
            }
            try await group.waitForAll()
        }
        // Then both are logged as slow: one spent its time in the exchange, the other mostly waiting
        let slow = records.entries.filter { $0.message == "Telegram answered slowly" }
        #expect(slow.count == 2)
        #expect(slow.allSatisfy { $0.metadata["method"] == "sendMessage" && $0.level == .notice })
        let waits = slow.compactMap { Double($0.metadata["waiting_for_connection_s"] ?? "") }.sorted()
        let exchanges = slow.compactMap { Double($0.metadata["exchange_s"] ?? "") }
        #expect(waits.count == 2 && waits[0] < 0.3 && waits[1] >= 0.35)
        #expect(exchanges.count == 2 && exchanges.allSatisfy { $0 >= 0.35 })
        #expect(slow.allSatisfy { !"\($0.metadata)".contains(emulator.token) })
    }
}

/// Log records kept in memory (`@unchecked Sendable`: `entries` is guarded by `lock`).
private final class RecordedLog: LogHandler, @unchecked Sendable {
    struct Entry {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let lock = NSLock()
    private var stored: [Entry] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var entries: [Entry] { lock.withLock { stored } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        let values = (metadata ?? [:]).mapValues { "\($0)" }
        lock.withLock { stored.append(Entry(level: level, message: "\(message)", metadata: values)) }
    }
}
