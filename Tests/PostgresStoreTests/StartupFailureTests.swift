import Foundation
import PostgresStore
import PostgresTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite(.enabled(if: PostgresTestCluster.isAvailable,
                "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
struct StartupFailureTests {
    @Test func anUnreachableServerStopsStartUpWithOneSentenceWithoutThePassword() async throws {
        // Given a URL to a loopback port nobody listens on
        let port = try Self.closedLoopbackPort()
        let url = try DatabaseURL(parsing: "postgres://sogreto:hunter2@127.0.0.1:\(port)/bot?sslmode=disable")

        // When the store opens, Then it fails with one sentence naming the place, never the password
        let sentence = try await Self.failure { try await PostgresAppDatabase.open(url, logger: Fixtures.logger) }
        #expect(sentence.hasPrefix("PostgreSQL is unreachable (database bot as sogreto at 127.0.0.1:\(port)): "))
        #expect(sentence.contains("refused"))
        #expect(!sentence.contains("hunter2"))
        #expect(!sentence.contains("\n"))
    }

    @Test func aSocketFolderWithoutAServerIsUnreachableToo() async throws {
        let url = try DatabaseURL(parsing: "postgres://sogreto:hunter2@/bot?host=/nonexistent-sogreto-folder")
        let sentence = try await Self.failure { try await PostgresAppDatabase.open(url, logger: Fixtures.logger) }
        #expect(sentence.hasPrefix("PostgreSQL is unreachable (database bot as sogreto on socket /nonexistent-sogreto-folder/.s.PGSQL.5432): "))
        #expect(!sentence.contains("hunter2"))
    }

    @Test func aWrongPasswordIsARefusedLoginWithoutThePassword() async throws {
        // Given a role that must give its password
        let database = try await Fixtures.database()
        let cluster = database.cluster
        let role = try cluster.makePasswordRole(password: "right-horse")
        let url = try DatabaseURL(parsing:
            "postgres://\(role):wrong-battery@/\(database.name)?host=\(cluster.socketDirectory)&port=\(cluster.port)")

        // When the store opens with the wrong one
        let sentence = try await Self.failure { try await PostgresAppDatabase.open(url, logger: Fixtures.logger) }

        // Then
        #expect(sentence == "PostgreSQL refused the login (\(url)): check the user and password in SOGRETO_DATABASE_URL.")
        #expect(!sentence.contains("wrong-battery"))

        // And the right one opens it
        let right = try DatabaseURL(parsing:
            "postgres://\(role):right-horse@/\(database.name)?host=\(cluster.socketDirectory)&port=\(cluster.port)")
        let store = try await PostgresAppDatabase.open(right, logger: Fixtures.logger)
        await store.close()
    }

    @Test func aMissingDatabaseIsNamed() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let url = try DatabaseURL(parsing:
            "postgres://\(cluster.superuser)@/no_such_db?host=\(cluster.socketDirectory)&port=\(cluster.port)")
        let sentence = try await Self.failure { try await PostgresAppDatabase.open(url, logger: Fixtures.logger) }
        #expect(sentence.hasPrefix("PostgreSQL has no such database (database no_such_db as "))
    }

    @Test func theConfiguredURLComesFromTheEnvironmentAndItsAbsenceMeansSQLite() throws {
        #expect(try PostgresAppDatabase.configuredURL([:]) == nil)
        #expect(try PostgresAppDatabase.configuredURL(["SOGRETO_DATABASE_URL": ""]) == nil)
        let url = try PostgresAppDatabase.configuredURL(["SOGRETO_DATABASE_URL": "postgres://a@/b?host=/tmp"])
        #expect(url?.database == "b")
        #expect(throws: (any Error).self) { try PostgresAppDatabase.configuredURL(["SOGRETO_DATABASE_URL": "sqlite:x"]) }
    }

    private static func failure(_ body: () async throws -> PostgresAppDatabase) async throws -> String {
        do {
            let store = try await body()
            await store.close()
            Issue.record("the store opened")
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// A loopback port that was free a moment ago (bound, then closed).
    private static func closedLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                Glibc.bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileReadUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
