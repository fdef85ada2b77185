import Foundation
import GRDB
import Logging
import Testing
@testable import Bot
import TestSupport

/// The durable media task runner: fair claims, one-transaction finishes, redo after a crash,
/// retries and a kind apology when a task cannot be done.
@Suite struct MediaTaskRunnerTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func database(users: [Int64] = [1, 2]) async throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try await database.writer.write { db in
            for id in users {
                try UserRecord(id: id, firstName: "U\(id)", languageCode: "ru", locale: "ru", now: now).insert(db)
            }
        }
        return database
    }

    func record(_ database: AppDatabase, user: Int64, kind: String = "echo", _ payload: String = "{}") async throws {
        try await database.recordMediaTasks([MediaTaskRequest(kind: kind, payload: payload)], userID: user, chatID: user, now: now)
    }

    func outbox(_ database: AppDatabase) async throws -> [String] {
        try await database.writer.read { db in try String.fetchAll(db, sql: "SELECT action FROM outbox ORDER BY id") }
    }

    @Test func claimsTakeTheOldestTaskOfEachUserAndAtMostOnePerUser() async throws {
        // Given user 1 queued three tasks before user 2 queued one
        let database = try await database()
        for _ in 0..<3 { try await record(database, user: 1) }
        try await record(database, user: 2)
        // When the runner claims with room for four
        let first = try await database.claimMediaTasks(now: now, limit: 4, busyUsers: [])
        // Then each user gets one task, the oldest first
        #expect(first.map(\.userID) == [1, 2])
        #expect(first.map(\.id) == [1, 4])
        #expect(first.allSatisfy { $0.attempt == 1 })
        // And a user with a task in flight gets nothing more until it finishes
        #expect(try await database.claimMediaTasks(now: now, limit: 4, busyUsers: [1, 2]).isEmpty)
        try await database.finishMediaTask(first[0], now: now, with: .reply([]))
        #expect(try await database.claimMediaTasks(now: now, limit: 4, busyUsers: [2]).map(\.id) == [2])
    }

    @Test func aTaskLeftRunningByAKilledProcessIsRedoneAtOnceOnSQLite() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-redo-\(UUID().uuidString).sqlite")
        let dead = try AppDatabase.open(at: file)
        try await dead.importUsers([UserRecord(id: 1, firstName: "U1", languageCode: "ru", locale: "ru", now: now)], jobs: [],
                                   now: now)
        try await record(dead, user: 1)
        let claimed = try await dead.claimMediaTasks(now: now, limit: 1, busyUsers: [])
        #expect(claimed.count == 1)
        // When the process dies and the runner starts again on the same file, well within the lease
        // (the data directory lock admits one process, so the task can only be the dead one's)
        let database = try AppDatabase.open(at: file)
        try await database.resetInterruptedMediaTasks(now: now)
        // Then the task is claimed again, as its second attempt
        let again = try await database.claimMediaTasks(now: now, limit: 1, busyUsers: [])
        #expect(again.map(\.id) == claimed.map(\.id))
        #expect(again.first?.attempt == 2)
    }

    @Test func finishingWritesTheResultTheRepliesAndTheStateTogetherAndOnlyOnce() async throws {
        let database = try await database()
        try await record(database, user: 1)
        let task = try #require(try await database.claimMediaTasks(now: now, limit: 1, busyUsers: []).first)
        let render = RenderRecord(kind: "collage", cacheKey: "k1", sha256: String(repeating: "ab", count: 32), bytes: 10,
                                  sources: [])
        let completion = MediaTaskCompletion.render(render, reply: [.message(text: "готово", keyboard: nil), .chatAction("typing")])
        #expect(try await database.finishMediaTask(task, now: now, with: completion) == 2)
        // A second finish of the same task (a redo racing a finish) changes nothing
        #expect(try await database.finishMediaTask(task, now: now, with: completion) == 0)
        #expect(try await outbox(database).count == 2)
        #expect(try await database.renderCount(userID: 1) == 1)
        #expect(try await database.mediaTasks(userID: 1).map(\.state) == ["done"])

        // A completion that cannot be committed leaves nothing behind: no row, no reply, the task still running
        try await record(database, user: 1, kind: MediaTaskKind.ingest)
        let failing = try #require(try await database.claimMediaTasks(now: now, limit: 1, busyUsers: []).first)
        await #expect(throws: MediaTaskError.self) {
            // Known by its Telegram file when the task ran, but no such photo any more: the filing throws.
            try await database.finishMediaTask(failing, now: now, with: .filePhoto(try filing(stored: nil)))
        }
        #expect(try await outbox(database).count == 2)
        #expect(try await database.photoCount(userID: 1) == 0)
        #expect(try await database.mediaTasks(userID: 1).map(\.state) == ["done", "running"])
    }

    func filing(stored: StoredPhotoFacts?) throws -> PhotoFiling {
        let payload = IngestPayload(fileID: "f", fileUniqueID: "u", day: 1, isDocument: false)
        return PhotoFiling(payload: payload, stored: stored, asksVision: false,
                           messages: PhotoDiaryMessages(strings: try loadStrings()))
    }

    @Test func aRetriedTaskWaitsForItsTimeAndKeepsTheUsersLaterTasksBehindIt() async throws {
        let database = try await database()
        try await record(database, user: 1)
        try await record(database, user: 1)
        let task = try #require(try await database.claimMediaTasks(now: now, limit: 1, busyUsers: []).first)
        try await database.retryMediaTask(task.id, notBefore: now.addingTimeInterval(10), error: "timeout", now: now)
        // Not before its time, and the user's second task does not overtake it
        #expect(try await database.claimMediaTasks(now: now, limit: 2, busyUsers: []).isEmpty)
        #expect(try await database.nextMediaTaskDue() == now.addingTimeInterval(10))
        let later = try await database.claimMediaTasks(now: now.addingTimeInterval(10), limit: 2, busyUsers: [])
        #expect(later.map(\.id) == [task.id])
        #expect(later.first?.attempt == 2)
    }

    @Test func aPhotoForAFullPhotoDiaryIsHeldWithItsNewPayload() async throws {
        // Given a user whose diary may hold no photo
        let database = try await database()
        _ = try await database.setQuota(userID: 1, change: MediaQuota.Change(maxPhotos: 0), actor: "test", now: now)
        try await record(database, user: 1, kind: MediaTaskKind.ingest)
        let task = try #require(try await database.claimMediaTasks(now: now, limit: 1, busyUsers: []).first)
        // When their photo's task finishes
        let stored = StoredPhotoFacts(sha256: String(repeating: "c", count: 64), thumbSHA256: String(repeating: "d", count: 64),
                                      bytes: 100, width: 10, height: 10, sourceFormat: "jpeg", greenCoverage: 0.2, day: 3)
        try await database.finishMediaTask(task, now: now, with: .filePhoto(try filing(stored: stored)))
        // Then the task is held (no row) and waits for the user's choice, claimed by nobody
        #expect(try await database.mediaTasks(userID: 1).map(\.state) == ["held"])
        #expect(try await database.photoDiary(of: 1).held.map(\.day) == [3])
        #expect(try await database.photoCount(userID: 1) == 0)
        #expect(try await database.claimMediaTasks(now: now, limit: 1, busyUsers: []).isEmpty)
    }

    @Test func theRunnerRunsRegisteredKindsBoundedAndApologisesForWhatItCannotDo() async throws {
        // Given three users with two echo tasks each, one task of an unknown kind, one that always fails
        let database = try await database(users: [1, 2, 3])
        for user: Int64 in [1, 2, 3] {
            try await record(database, user: user, #"{"text":"a"}"#)
            try await record(database, user: user, #"{"text":"b"}"#)
        }
        try await record(database, user: 1, kind: "mystery")
        try await record(database, user: 2, kind: "broken")
        let gauge = ConcurrencyGauge()
        let wake = WakeSignal()
        let runner = MediaTaskRunner(database: database, handlers: [EchoHandler(gauge: gauge), BrokenHandler()],
                                     clock: SystemClock(), wake: wake, delivery: WakeSignal(), strings: try loadStrings(),
                                     concurrency: 2, maxAttempts: 1, logger: quietLogger)
        // When it runs until the queue is empty
        let running = Task { try await runner.run() }
        _ = try await eventually(within: .seconds(60)) { try await database.pendingMediaTaskCount() == 0 }
        running.cancel()
        _ = await running.result
        // Then every echo replied, in each user's order, never more than two at once nor two of one user
        let actions = try await outbox(database)
        for user: Int64 in [1, 2, 3] {
            let echoes = try await database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT action FROM outbox WHERE chat_id = ? ORDER BY id", arguments: [user])
            }.filter { $0.contains("echo") }
            #expect(echoes.count == 2)
            #expect(echoes.first?.contains("echo a") == true)
        }
        let peak = await gauge.peak
        let perUser = await gauge.peakPerUser
        #expect(peak <= 2)
        #expect(perUser == 1)
        // And the unknown and the failing task each ended failed with one kind apology
        #expect(try await database.mediaTasks(userID: 1).map(\.state) == ["done", "done", "failed"])
        #expect(try await database.mediaTasks(userID: 2).map(\.state) == ["done", "done", "failed"])
        #expect(actions.filter { $0.contains("сбой на нашей стороне") }.count == 2)
    }

    @Test func aTaskRunningLongerThanItsLeaseKeepsItWhileItsRunnerLives() async throws {
        // Given a task whose handler works for longer than a lease
        let database = try await database(users: [1])
        try await record(database, user: 1, kind: "slow")
        let clock = ManualClock(now)
        let gate = Gate()
        let runner = MediaTaskRunner(database: database, handlers: [SlowHandler(gate: gate)], clock: clock, wake: WakeSignal(),
                                     delivery: WakeSignal(), strings: try loadStrings(), logger: quietLogger)
        let running = Task { try await runner.run() }
        #expect(try await eventually(within: .seconds(30)) { try await database.mediaTasks(userID: 1).first?.state == "running" })
        // When time passes in steps, the runner renewing the lease after each
        let lease = StoreRetention.mediaTaskLease
        for step in 1...3 {
            let last = now.addingTimeInterval(lease * 0.4 * Double(step - 1))
            #expect(try await eventually(within: .seconds(30)) { clock.hasSleeper(until: last.addingTimeInterval(lease / 3)) })
            clock.advance(by: lease * 0.4)
            let renewed = now.addingTimeInterval(lease * 0.4 * Double(step))
            #expect(try await eventually(within: .seconds(30)) {
                try await database.mediaTasks(userID: 1).first?.updatedAt == renewed
            }, "renewal \(step)")
        }
        // Then, past its first lease, another claimer (a second instance) does not take it
        #expect(try await database.claimMediaTasks(now: clock.now(), limit: 1, busyUsers: []).isEmpty)
        await gate.open()
        #expect(try await eventually(within: .seconds(30)) { try await database.mediaTasks(userID: 1).first?.state == "done" })
        running.cancel()
        _ = await running.result
        clock.advance(by: lease) // wakes the cancelled renewal so it ends
    }
}

/// Holds a slow task until the test opens it.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters = []
    }
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}

/// Works until its gate opens, like a large export.
struct SlowHandler: MediaTaskHandler {
    let kind = "slow"
    let gate: Gate
    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        await gate.wait()
        return .reply([.message(text: "done", keyboard: nil)])
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

extension AppDatabase {
    func pendingMediaTaskCount() async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM media_tasks WHERE state IN ('pending', 'running')") ?? 0
        }
    }
}

/// How many echo tasks run at once, overall and per user.
actor ConcurrencyGauge {
    private var running: [Int64: Int] = [:]
    private(set) var peak = 0
    private(set) var peakPerUser = 0

    func begin(_ user: Int64) {
        running[user, default: 0] += 1
        peak = max(peak, running.values.reduce(0, +))
        peakPerUser = max(peakPerUser, running[user] ?? 0)
    }

    func end(_ user: Int64) { running[user, default: 1] -= 1 }
}

/// Replies "echo <text>" after a short pause.
struct EchoHandler: MediaTaskHandler {
    struct Payload: Decodable { var text: String }
    let kind = "echo"
    let gauge: ConcurrencyGauge

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let payload = try task.decodePayload(Payload.self)
        await gauge.begin(task.userID)
        try await Task.sleep(for: .milliseconds(30))
        await gauge.end(task.userID)
        return .reply([.message(text: "echo \(payload.text)", keyboard: nil)])
    }
}

/// Always fails, like a service that is down.
struct BrokenHandler: MediaTaskHandler {
    let kind = "broken"
    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        throw MediaTaskError("The service is down.")
    }
}
