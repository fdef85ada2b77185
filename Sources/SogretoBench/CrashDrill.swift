import Bot
import Foundation
import BlobStore
import Maintenance
import PostgresStore
import TelegramEmulator

/// How hard to shake the bot.
struct CrashDrillOptions: Sendable {
    /// The real `sogreto` executable, started as `sogreto run` (production pacing and all).
    var executable: URL
    var assets: URL
    var users = 40
    /// Updates per second from all users together (open loop, as in the pipeline benchmark).
    var rate: Double = 20
    var seconds: Double = 20
    var kills = 5
    var seed: UInt64 = 0xC0FFEE
    var drainTimeout: Duration = .seconds(60)
    /// `sogreto run` processes at once; more than one needs `postgres`.
    var instances = 1
    /// The store on a throwaway PostgreSQL cluster (each kill strikes a random instance) instead of SQLite.
    var postgres = false
}

/// What the drill found. `problems` empty means every invariant held.
struct CrashDrillResult: Sendable {
    var kills = 0
    var ledger = LedgerSnapshot()
    var drained = false
    var finalExitStatus: Int32?
    var integrity: [String] = []
    var updatesProcessed = 0
    var updatesAppliedTwice = 0
    var pendingOutbox = 0
    var failedOutbox = 0
    /// Callback answers sent again after a kill and refused by Telegram as already answered.
    var refusedRepeats = 0
    var users = 0
    var inconsistentUsers = 0
    var media = MediaAudit.Report()
    /// The most replies a kill may repeat: the messages in flight when it struck (Delivery's
    /// concurrency), sent by Telegram but not yet marked sent.
    var allowedDuplicates = 0
    /// The end of the bots' combined log, kept when the drill fails.
    var botLogTail = ""
    /// PostgreSQL has no file to check with integrity_check; the audit reads the store instead.
    var onPostgres = false
    /// Leader terms the instances went through (PostgreSQL only).
    var terms = 0
    /// The schedule's and the kill moments' seed: `--seed` with it replays the drill.
    var seed: UInt64 = 0

    /// Replies sent twice: delivered repeats plus repeats Telegram refused.
    var repeats: Int { ledger.duplicated + refusedRepeats }

    var problems: [String] {
        var list: [String] = []
        if ledger.lost > 0 { list.append("\(ledger.lost) update(s) never got their reply") }
        if repeats > allowedDuplicates {
            list.append("\(repeats) repeated replies, more than the \(allowedDuplicates) the in-flight window allows")
        }
        if !drained { list.append("the replies did not drain in time") }
        if updatesAppliedTwice > 0 { list.append("\(updatesAppliedTwice) update(s) were applied more than once") }
        if !onPostgres && integrity != ["ok"] { list.append("integrity_check: \(integrity.prefix(3).joined(separator: "; "))") }
        if pendingOutbox > 0 || failedOutbox > 0 { list.append("outbox left \(pendingOutbox) pending and \(failedOutbox) failed") }
        if inconsistentUsers > 0 { list.append("\(inconsistentUsers) user row(s) are inconsistent") }
        if !media.corrupt.isEmpty { list.append("corrupt blobs: \(media.corrupt.prefix(3).map(\.path).joined(separator: ", "))") }
        if finalExitStatus != 0 { list.append("the last bot did not exit 0 on SIGTERM (\(finalExitStatus.map(String.init) ?? "killed"))") }
        return list
    }

    var summary: String {
        """
        crash drill: \(kills) SIGKILLs, \(ledger.queued) updates from \(users) users, \(updatesProcessed) applied once each \
        (seed \(seed): --seed \(seed) replays it)
          replies: \(ledger.answered) answered, \(ledger.lost) lost, \(repeats) repeated (\(ledger.duplicated) delivered twice, \
        \(refusedRepeats) callback answers refused as already answered; allowed ≤ \(allowedDuplicates))
          database: \(onPostgres ? "PostgreSQL, \(terms) leader terms" : "integrity_check \(integrity.first ?? "?")"), \
        outbox \(pendingOutbox) pending / \(failedOutbox) failed, \(inconsistentUsers) inconsistent users
          media: \(media.checked) blobs checked, \(media.corrupt.count) corrupt, \(media.temporaryLeftovers) interrupted-write leftovers
          last bot: exit \(finalExitStatus.map(String.init) ?? "killed") on SIGTERM
        \(problems.isEmpty ? "OK: every invariant held." : "FAILED: " + problems.joined(separator: "; ") + "\nbot log:\n" + botLogTail)
        """
    }
}

/// Simulated users write through the emulator while the real `sogreto run` is killed with
/// SIGKILL at random moments and restarted; then the invariants are checked: no update applied
/// twice, no reply lost, repeats only within the in-flight window, the database intact, every
/// user row sound, every blob matching its name, and a clean SIGTERM exit at the end.
struct CrashDrill {
    let options: CrashDrillOptions
    var progress: @Sendable (String) -> Void = { _ in }

    func run() async throws -> CrashDrillResult {
        let ledger = ReplyLedger()
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(
            floodLimits: .none, maxLongPollTimeout: 1, messageHistoryLimit: 4, requestLogLimit: 64, observer: ledger.observer))
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-crash-drill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        var result = CrashDrillResult()
        var users: [SimulatedUser] = []
        for index in 0..<options.users {
            users.append(await emulator.newUser(firstName: "Drill \(index)", languageCode: index % 3 == 0 ? "en" : "ru"))
        }
        let store = try await DrillStore.make(postgres: options.postgres)
        defer { store.stop() }
        result.onPostgres = options.postgres
        result.seed = options.seed
        // One data folder per instance (their uploads are their own); a lone SQLite bot uses `data`.
        let folders = options.instances == 1 ? [data]
            : (0..<options.instances).map { data.appendingPathComponent("instance-\($0)") }
        var bots = try folders.enumerated().map { try start(emulator: emulator, data: $0.element, instance: $0.offset, store: store) }
        let workload = Workload(users: options.users, total: max(1, Int(options.rate * options.seconds)), seed: options.seed)
        var generator = SplitMix64(seed: options.seed)
        let killTimes = Self.killTimes(count: options.kills, within: options.seconds, using: &generator)
        progress("driving \(workload.total) updates over \(options.seconds) s with \(killTimes.count) SIGKILLs")
        let clock = ContinuousClock()
        var restartedAt: [ContinuousClock.Instant?] = Array(repeating: nil, count: folders.count)
        let begin = clock.now
        var next = 0
        var nextKill = 0
        // Users who sent a message: only they have a row (a stale button alone creates none).
        var writers = Set<Int>()
        func killAndRestart() async throws {
            // Several instances: a random one, leader or follower.
            let victim = bots.count == 1 ? 0 : Int(generator.next() % UInt64(bots.count))
            kill(bots[victim].processIdentifier, SIGKILL)
            while bots[victim].isRunning { try await Task.sleep(for: .milliseconds(5)) }
            result.kills += 1
            nextKill += 1
            try await Task.sleep(for: .milliseconds(Int(generator.next() % 200)))
            bots[victim] = try start(emulator: emulator, data: folders[victim], instance: victim, store: store)
            restartedAt[victim] = clock.now
        }
        while next < workload.total {
            let elapsed = Self.seconds(clock.now - begin)
            if nextKill < killTimes.count, elapsed >= killTimes[nextKill] {
                try await killAndRestart()
            }
            let due = min(workload.total, Int(elapsed * options.rate) + 1)
            while next < due {
                let (index, update) = workload.update(at: next)
                ledger.willSend(update.expectedReply, chatID: users[index].chatID)
                switch update {
                case .staleButton: await emulator.pressButton(update.rawValue, on: 1, from: users[index])
                case .contact, .help, .status:
                    await emulator.sendText(update.rawValue, from: users[index])
                    writers.insert(index)
                }
                next += 1
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        // A kill planned for the last moments can fall after the last update was queued (the
        // final update is due just before the end): it still happens, while replies drain.
        while nextKill < killTimes.count {
            try await killAndRestart()
        }
        progress("all updates queued after \(result.kills) kills; waiting for the replies")
        let deadline = clock.now + options.drainTimeout
        while ledger.outstanding > 0, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        result.drained = ledger.outstanding == 0
        // Every reply can be in while a row a killed leader sent is still due again (requeued by
        // the next term): stopping the bots then would leave it pending, so wait for the outbox too.
        if let postgres = try await store.open() {
            while try await postgres.pendingOutboxCount() > 0, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            await postgres.close()
        }
        // A moment more, so a late repeat still shows up.
        try await Task.sleep(for: .milliseconds(700))
        // A follower restarted near the end may still be starting when the leader has sent
        // everything; SIGTERM before its service group runs ends it by the signal, not cleanly.
        for started in restartedAt.compactMap({ $0 }) where clock.now < started + .seconds(5) {
            try await Task.sleep(until: started + .seconds(5), clock: clock)
        }
        var exits: [Int32?] = []
        for bot in bots { exits.append(await Self.terminate(bot)) }
        result.finalExitStatus = exits.allSatisfy { $0 == 0 } ? 0 : exits.first { $0 != 0 } ?? nil
        result.ledger = ledger.snapshot()
        result.allowedDuplicates = result.kills * DeliveryLimits().concurrency
        await emulator.shutdown()
        try await inspect(folders, store: store, expectedUsers: writers.count, into: &result)
        if !result.problems.isEmpty {
            let logs = folders.map { (try? String(contentsOf: $0.appendingPathComponent("drill-bot.log"), encoding: .utf8)) ?? "" }
            result.botLogTail = logs.joined(separator: "\n").split(separator: "\n").suffix(15).joined(separator: "\n")
        }
        return result
    }

    private func start(emulator: TelegramEmulator, data: URL, instance: Int, store: DrillStore) throws -> Process {
        let process = Process()
        process.executableURL = options.executable
        process.arguments = ["run"]
        var extra = ["PATH": "/usr/bin:/bin", "SOGRETO_BACKUP_TIME": "off"]
        if let url = store.url {
            extra["SOGRETO_DATABASE_URL"] = url
            extra["SOGRETO_INSTANCE"] = "drill-\(instance)"
        }
        process.environment = BotUnderTest.environment(emulator: emulator, dataDirectory: data, assets: options.assets,
                                                       logLevel: "error").merging(extra) { _, new in new }
        // Every incarnation appends to one log, shown when the drill fails.
        let log = data.appendingPathComponent("drill-bot.log")
        if !FileManager.default.fileExists(atPath: log.path) {
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()
        return process
    }

    /// The database and blobs after the last bots stopped.
    private func inspect(_ folders: [URL], store drillStore: DrillStore, expectedUsers: Int,
                         into result: inout CrashDrillResult) async throws {
        let store: any Store
        if let postgres = try await drillStore.open() {
            store = postgres
            result.terms = try await postgres.leaderTermCount()
        } else {
            let file = folders[0].appendingPathComponent("sogreto.sqlite")
            result.integrity = try SQLiteFile.integrityCheck(path: file.path)
            store = try AppDatabase.open(at: file)
        }
        let audit = try await store.deliveryAudit()
        result.updatesProcessed = audit.updatesProcessed
        result.updatesAppliedTwice = audit.updatesAppliedTwice
        result.pendingOutbox = audit.pendingOutbox
        result.refusedRepeats = audit.refusedRepeats
        result.failedOutbox = audit.failedOutbox
        result.users = audit.users
        result.inconsistentUsers = audit.inconsistentUsers
        for folder in folders {
            let report = try await MediaAudit.audit(FolderBlobStore(dataDirectory: folder))
            result.media.checked += report.checked
            result.media.corrupt += report.corrupt
            result.media.temporaryLeftovers += report.temporaryLeftovers
        }
        if let postgres = store as? PostgresAppDatabase { await postgres.close() }
        if result.users != expectedUsers { result.inconsistentUsers += abs(expectedUsers - result.users) }
    }

    /// Kill moments spread over the run, one per slot of equal length, at a random point in it.
    static func killTimes(count: Int, within seconds: Double, using generator: inout SplitMix64) -> [Double] {
        guard count > 0 else { return [] }
        let slot = seconds / Double(count + 1)
        return (1...count).map { index in
            Double(index) * slot + (Double(generator.next() % 1000) / 1000 - 0.5) * slot * 0.8
        }
    }

    static func terminate(_ process: Process) async -> Int32? {
        process.terminate()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationStatus
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
