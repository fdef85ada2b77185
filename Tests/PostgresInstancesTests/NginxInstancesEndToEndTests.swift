import Foundation
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import TelegramEmulator
import Testing
@testable import Bot
import TestSupport

/// Three `sogreto run --webhook` processes on one PostgreSQL behind real nginx, the emulator pushing
/// every update through nginx with Telegram's flood limits on, users in both languages. Mid-traffic
/// a follower and then the leader are killed with SIGKILL and started again.
@Suite(.serialized, .enabled(if: Nginx.instancesUnavailableReason == nil,
                             "needs PostgreSQL's server binaries and nginx (scripts/install-deps) and the built sogreto executable"))
struct NginxInstancesEndToEndTests {
    static let path = "/telegram/webhook"
    static let secret = "nginx-instances-test-secret-0123456789"
    static let rounds = ["/start", "/help", "/status", "/help", "/status", "/help"]
    static let userCount = 16

    @Test func threeInstancesBehindNginxAnswerEveryUpdateOnceInOrderThroughAKillNineOfAFollowerAndTheLeader() async throws {
        // Given three instances on one database behind nginx, and users in both languages
        let (database, url) = try await InstanceFixtures.database()
        // Migrated before the instances start, so the test can look at it from the first moment.
        let store = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .telegram, maxLongPollTimeout: 1))
        let proxyPort = try freeLoopbackPort()
        let ports = ["a": try freeLoopbackPort(), "b": try freeLoopbackPort(), "c": try freeLoopbackPort()]
        let nginx = try Nginx(port: proxyPort, upstreams: ports.keys.sorted().compactMap { ports[$0] }, path: Self.path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-instances-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let start: (String) throws -> InstanceProcess = { name in
            try InstanceProcess(name, port: ports[name] ?? 0, emulator: emulator, databaseURL: database.url,
                                webhookURL: "http://127.0.0.1:\(proxyPort)\(Self.path)", secret: Self.secret,
                                dataDirectory: folder.appendingPathComponent(name))
        }
        var instances: [String: InstanceProcess] = [:]
        for name in ports.keys.sorted() { instances[name] = try start(name) }
        var users: [SimulatedUser] = []
        for index in 0..<Self.userCount {
            users.append(await emulator.newUser(firstName: "U\(index)", languageCode: index.isMultiple(of: 2) ? "ru" : "en"))
        }
        let admin = try await InstanceFixtures.connect(database)
        do {
            try await exercise(emulator: emulator, users: users, store: store, admin: admin, instances: &instances, start: start)
        } catch {
            for process in instances.values { print("log of \(process.name):\n\(process.logTail())") }
            try? await admin.close()
            for process in instances.values { await process.kill9() }
            nginx.stop()
            await store.close()
            await emulator.shutdown()
            throw error
        }
        try await admin.close()
        for process in instances.values { _ = await process.terminate() }
        nginx.stop()
        await store.close()
        await emulator.shutdown()
    }

    private func exercise(emulator: TelegramEmulator, users: [SimulatedUser], store: PostgresAppDatabase,
                          admin: PostgresConnection, instances: inout [String: InstanceProcess],
                          start: (String) throws -> InstanceProcess) async throws {
        let newestTerm: () async throws -> (term: Int64, instance: String)? = {
            let rows = try await admin.query("SELECT term, instance FROM leader_terms ORDER BY term DESC LIMIT 1",
                                             logger: InstanceFixtures.logger).collect()
            return try rows.first.map { try $0.decode((Int64, String).self) }
        }
        let count: (PostgresQuery) async throws -> Int64 = { query in
            try await InstanceFixtures.scalar(query, on: admin, as: Int64.self) ?? 0
        }
        try #require(try await eventually(within: .seconds(30)) { try await newestTerm() != nil })
        let total = users.count * Self.rounds.count
        // Each update one reply, but a new user's /start two (the welcome, then the time-zone question)
        let replies = total + users.count * Self.rounds.filter { $0 == "/start" }.count

        // When the users write a round every 600 ms (about 27 updates a second), while a follower
        // and then the leader are killed with SIGKILL and started again
        let traffic = Task {
            for command in Self.rounds {
                for user in users { await emulator.sendText(command, from: user) }
                try await Task.sleep(for: .milliseconds(600)) // the users' pace: traffic spread over the kills
            }
        }
        #expect(try await eventually(within: .seconds(30)) {
            try await count("SELECT COUNT(*) FROM processed_updates") >= Int64(total / 4)
        })
        let first = try #require(try await newestTerm())
        let follower = try #require(instances.keys.sorted().first { $0 != first.instance })
        await instances[follower]?.kill9()
        print("instances behind nginx: killed \(follower) (a follower) after \(try await count("SELECT COUNT(*) FROM processed_updates")) updates")
        instances[follower] = try start(follower)

        #expect(try await eventually(within: .seconds(30)) {
            try await count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'") >= Int64(total / 2)
        })
        let leading = try #require(try await newestTerm())
        let clock = ContinuousClock()
        await instances[leading.instance]?.kill9()
        let killed = clock.now
        print("instances behind nginx: killed \(leading.instance) (the leader, term \(leading.term)) after \(try await count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'")) replies")
        instances[leading.instance] = try start(leading.instance)
        // Then another instance leads within 5 s
        #expect(try await eventually(within: .seconds(10)) { (try await newestTerm()?.term ?? 0) > leading.term })
        let takeover = clock.now - killed
        print("instances behind nginx: \(try await newestTerm()?.instance ?? "nobody") leads \(takeover) after the leader's kill -9")
        #expect(takeover < .seconds(5))
        try await traffic.value

        // And every user gets every reply (watched in the database: the emulator's log is copied
        // whole at each look, which would slow the emulator the instances talk to)
        let answered = try await eventually(within: .seconds(30)) {
            let sent = try await count("SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND update_id IS NOT NULL")
            let queued = try await count("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')")
            return sent >= Int64(replies) && queued == 0
        }
        #expect(answered)
        if !answered { try await Self.describe(admin: admin, instances: instances) }

        // And each update was applied once, with its replies stored for it
        #expect(try await count("SELECT COUNT(*) FROM processed_updates") == Int64(total))
        #expect(try await count("SELECT COUNT(DISTINCT update_id) FROM outbox WHERE update_id IS NOT NULL") == Int64(total))
        #expect(try await count("SELECT COUNT(*) FROM outbox WHERE update_id IS NOT NULL") == Int64(replies))

        // And each chat saw its replies in order, none lost, a reply repeated only as the killed
        // leader's in-flight window allows (its claimed sends went out again under the new term)
        let log = await emulator.requestLog().filter { $0.method == "sendMessage" }
        var repeats = 0
        for user in users {
            let stored = try await store.outboxRows(chatID: user.chatID).filter { $0.state == "sent" }.compactMap(\.text)
            let seen = log.filter { $0.parameters["chat_id"] == String(user.chatID) && $0.httpStatus == 200 }
                .compactMap { $0.parameters["text"] }
            let distinct = seen.enumerated().filter { $0.offset == 0 || seen[$0.offset - 1] != $0.element }.map(\.element)
            #expect(distinct == stored, "chat \(user.chatID): \(seen.count) sends for \(stored.count) replies")
            repeats += seen.count - distinct.count
        }
        print("three instances behind nginx: \(total) updates, \(repeats) replies repeated after the leader's kill")
        #expect(repeats <= DeliveryLimits().concurrency)

        // And Telegram's flood limits were never hit: no 429, and the sends fit Telegram's overall
        // bucket (30 at once, 30 a second) across the change of leader
        #expect(log.filter { $0.httpStatus == 429 }.isEmpty)
        let times = log.filter { $0.httpStatus == 200 }.map(\.date).sorted()
        #expect(Self.fitsBucket(times, burst: 30, perSecond: 30))
        print("three instances behind nginx: at most \(Self.peak(times)) messages in any one second")

        // And each instance's /healthz names it, and only the newest term's instance says it leads,
        // as its /metrics does under its instance label
        let newest = try #require(try await newestTerm())
        var leaders: [String] = []
        for (name, process) in instances.sorted(by: { $0.key < $1.key }) {
            let reply = await process.get("/healthz")
            let health = reply.flatMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] } ?? [:]
            #expect(health["instance"] as? String == name, "\(name): \(health)")
            if health["leader"] as? Bool == true { leaders.append(name) }
        }
        #expect(leaders == [newest.instance])
        let metrics = await instances[newest.instance]?.get("/metrics").map { String(decoding: $0.body, as: UTF8.self) } ?? ""
        #expect(metrics.contains("sogreto_leader{instance=\"\(newest.instance)\"} 1"))
        #expect(metrics.contains("sogreto_leader_term{instance=\"\(newest.instance)\"} \(newest.term)"))
    }

    /// Whether sends at `times` never overdraw a bucket of `burst` refilled at `perSecond`.
    static func fitsBucket(_ times: [Date], burst: Double, perSecond: Double) -> Bool {
        var tokens = burst
        var last = times.first ?? Date()
        for time in times {
            tokens = min(burst, tokens + time.timeIntervalSince(last) * perSecond)
            last = time
            // A little slack for the emulator's clock reading a few microseconds after the send.
            guard tokens >= 0.99 else { return false }
            tokens -= 1
        }
        return true
    }

    /// The most sends inside any one-second window.
    static func peak(_ times: [Date]) -> Int {
        var most = 0
        var first = 0
        for (index, time) in times.enumerated() {
            while time.timeIntervalSince(times[first]) >= 1 { first += 1 }
            most = max(most, index - first + 1)
        }
        return most
    }

    /// What the outbox, the terms and the sessions looked like, for a failure's report.
    static func describe(admin: PostgresConnection, instances: [String: InstanceProcess]) async throws {
        for row in try await admin.query("""
            SELECT state || ' term ' || COALESCE(term::text, '-') || ' attempts ' || attempts || ': ' || COUNT(*)
                   || ' rows ' || COALESCE(MAX(last_error), '')
            FROM outbox GROUP BY state, term, attempts
            """, logger: InstanceFixtures.logger).collect() {
            print("outbox: \(try row.decode(String.self))")
        }
        for row in try await admin.query("SELECT term || ' ' || instance || ' ' || started_at::text FROM leader_terms",
                                         logger: InstanceFixtures.logger).collect() {
            print("term: \(try row.decode(String.self))")
        }
        for row in try await admin.query("""
            SELECT COALESCE(application_name, '') || ' ' || COALESCE(state, '') || ' wait ' || COALESCE(wait_event_type, '-')
                   || '/' || COALESCE(wait_event, '-') || ': ' || LEFT(COALESCE(query, ''), 120)
            FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
            """, logger: InstanceFixtures.logger).collect() {
            print("session: \(try row.decode(String.self))")
        }
        for process in instances.values { print("log of \(process.name):\n\(process.logTail())") }
    }
}
