@testable import Bot
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import TestSupport

let repositoryRoot = Repository.root

enum InstanceFixtures {
    static let logger: Logger = {
        var logger = Logger(label: "postgres-instances-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["SOGRETO_TEST_LOG"] == nil ? .critical : .debug
        return logger
    }()

    static func database() async throws -> (PostgresTestDatabase, DatabaseURL) {
        let database = try await PostgresTestCluster.shared().makeDatabase()
        return (database, try DatabaseURL(parsing: database.url))
    }

    /// A plain superuser connection, for looking behind the store's back.
    static func connect(_ database: PostgresTestDatabase) async throws -> PostgresConnection {
        try await database.superuserConnection(logger: logger)
    }

    static func scalar<Value: PostgresDecodable>(_ query: PostgresQuery, on connection: PostgresConnection,
                                                 as type: Value.Type) async throws -> Value? {
        try await connection.scalar(query, as: type, logger: logger)
    }

    static func user(_ id: Int64) -> UserRecord {
        UserRecord(id: id, firstName: "U\(id)", languageCode: "ru", locale: "ru", now: Date(timeIntervalSince1970: 1_800_000_000))
    }

    static func job(user: Int64, key: String, due: Date) -> PlannedJob {
        PlannedJob(key: key, kind: .unlock, userID: user, programID: "microgreens", stageID: "sprouts", dueAt: due)
    }

    static let remind: @Sendable ([DueJob], UserRecord?) -> JobDispatch = { jobs, _ in
        var dispatch = JobDispatch()
        for due in jobs {
            dispatch.messages.append(JobDispatch.Message(key: due.job.key, actions: [.message(text: "reminder", keyboard: nil)],
                                                         notBefore: nil))
            dispatch.done.append(due.id)
        }
        return dispatch
    }
}

/// A term set by hand, for fencing a store without an election.
final class ManualTerm: Sendable {
    private let value = NIOLockedValueBox<Int64?>(nil)
    var term: Int64? {
        get { value.withLockedValue { $0 } }
        set { value.withLockedValue { $0 = newValue } }
    }
    var fence: DeliveryFence { DeliveryFence { [value] in value.withLockedValue { $0 } } }
}
