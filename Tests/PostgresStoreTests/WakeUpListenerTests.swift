import Foundation
import PostgresNIO
@testable import Bot
import PostgresStore
import PostgresTestSupport
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestCluster.isAvailable,
                "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
struct WakeUpListenerTests {
    actor Counter {
        private(set) var value = 0
        func increment() { value += 1 }
    }

    @Test func aNotificationWakesTheListenerAndAKilledConnectionIsReplaced() async throws {
        // Given a listener on the outbox channel, its wake-ups counted
        let database = try await Fixtures.database()
        let listener = WakeUpListener(url: try Fixtures.url(database), channel: .outbox,
                                      reconnectDelay: .milliseconds(100), logger: Fixtures.logger)
        let wakeUps = Counter()
        let run = Task { await listener.run() }
        let consume = Task { for await _ in listener.wakeUps { await wakeUps.increment() } }
        defer { run.cancel(); consume.cancel() }
        let admin = try await Fixtures.connect(database)
        // Every (re)connection wakes once: listening now
        #expect(try await eventually { await wakeUps.value == 1 })
        #expect(try await Self.listening(admin))

        // When another session notifies
        try await admin.query("SELECT pg_notify('sogreto_outbox', '')", logger: Fixtures.logger)

        // Then the listener wakes
        #expect(try await eventually { await wakeUps.value == 2 })

        // When the server ends the listener's connection
        let ended = try await Fixtures.scalar("""
            SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE application_name = 'sogreto-wakeups' AND datname = current_database()
            """, on: admin, as: Bool.self)
        #expect(ended == true)

        // Then it listens again on a new connection and wakes once for what may have been lost
        #expect(try await eventually { await wakeUps.value == 3 })
        #expect(try await Self.listening(admin))

        // And notifications wake it again
        try await admin.query("SELECT pg_notify('sogreto_outbox', '')", logger: Fixtures.logger)
        #expect(try await eventually { await wakeUps.value == 4 })
        try await admin.close()
    }

    @Test func aQueuedMessageWakesOnlyDeliveryAndARecordedTaskOnlyTheMediaWorkers() async throws {
        // Given an instance's shared-queue wake-ups, the poll far away
        let database = try await Fixtures.database()
        let (delivery, scheduler, media) = (WakeSignal(), WakeSignal(), WakeSignal())
        let wakes = SharedQueueWakes(url: try Fixtures.url(database),
                                     wakes: SharedQueueWakeSignals(outbox: [delivery], mediaTasks: [media],
                                                                   all: [delivery, scheduler, media]),
                                     interval: .seconds(3600), logger: Fixtures.logger)
        let run = Task { try await wakes.run() }
        defer { run.cancel() }
        let clock = SystemClock()
        // Each listener wakes its own once it listens
        await delivery.wait(until: Date().addingTimeInterval(30), clock: clock)
        await media.wait(until: Date().addingTimeInterval(30), clock: clock)
        let admin = try await Fixtures.connect(database)
        // When a message is queued, and then a media task recorded
        try await admin.query("SELECT pg_notify('sogreto_outbox', '')", logger: Fixtures.logger)
        #expect(try await eventually { await delivery.pending })
        await delivery.wait(until: Date().addingTimeInterval(30), clock: clock)
        try await admin.query("SELECT pg_notify('sogreto_media_tasks', '')", logger: Fixtures.logger)
        #expect(try await eventually { await media.pending })
        // Then neither woke anyone else: the scheduler waits for the poll, delivery for its own
        #expect(await !scheduler.pending)
        #expect(await !delivery.pending)
        try await admin.close()
    }

    /// Whether one listener connection is listening on the database.
    private static func listening(_ admin: PostgresConnection) async throws -> Bool {
        try await eventually {
            try await Fixtures.scalar("""
                SELECT count(*) FROM pg_stat_activity
                WHERE application_name = 'sogreto-wakeups' AND datname = current_database()
                  AND query LIKE 'LISTEN%'
                """, on: admin, as: Int64.self) == 1
        }
    }
}
