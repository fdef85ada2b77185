import Foundation
import PostgresStore
import Testing

struct DatabaseURLTests {
    @Test func aTCPURLGivesHostPortUserPasswordAndDatabase() throws {
        let url = try DatabaseURL(parsing: "postgres://sogreto:s%40cret@db.internal:6432/bot")
        #expect(url.endpoint == .tcp(host: "db.internal", port: 6432))
        #expect(url.username == "sogreto")
        #expect(url.password == "s@cret")
        #expect(url.database == "bot")
        #expect(url.tls == .prefer)
    }

    @Test func thePortDefaultsTo5432AndPostgresqlIsTheSameScheme() throws {
        let url = try DatabaseURL(parsing: "postgresql://sogreto@localhost/bot?sslmode=require")
        #expect(url.endpoint == .tcp(host: "localhost", port: 5432))
        #expect(url.password == nil)
        #expect(url.tls == .require)
    }

    @Test func aSocketFolderInTheHostParameterNamesPostgresSocketFile() throws {
        let url = try DatabaseURL(parsing: "postgres://sogreto@/bot?host=/run/postgresql")
        #expect(url.endpoint == .unixSocket(path: "/run/postgresql/.s.PGSQL.5432"))
        #expect(url.tls == .disable)
    }

    @Test func aPercentEncodedSocketFolderAsTheHostWorksToo() throws {
        let url = try DatabaseURL(parsing: "postgres://sogreto@%2Fvar%2Frun%2Fpostgresql:5433/bot")
        #expect(url.endpoint == .unixSocket(path: "/var/run/postgresql/.s.PGSQL.5433"))
        #expect(url.database == "bot")
    }

    @Test(arguments: [
        "mysql://sogreto:hunter2@localhost/bot",
        "postgres://sogreto:hunter2@localhost",
        "postgres://:hunter2@localhost/bot",
        "postgres://sogreto:hunter2@localhost:99999/bot",
        "postgres://sogreto:hunter2@/bot",
        "postgres://sogreto:hunter2@localhost/bot?sslmode=sometimes",
        "postgres://sogreto:hunter2@localhost/bot?password=hunter2",
        "not a url at all hunter2",
    ])
    func aBadURLIsOneSentenceThatNeverShowsThePassword(_ text: String) {
        do {
            _ = try DatabaseURL(parsing: text)
            Issue.record("accepted \(text.replacingOccurrences(of: "hunter2", with: "…"))")
        } catch {
            let sentence = "\(error)"
            #expect(sentence.hasPrefix("SOGRETO_DATABASE_URL is not usable: "))
            #expect(!sentence.contains("hunter2"))
            #expect(!sentence.contains("\n"))
        }
    }

    @Test func theDescriptionNamesWhereButNotThePassword() throws {
        let url = try DatabaseURL(parsing: "postgres://sogreto:hunter2@db:5432/bot")
        #expect("\(url)" == "database bot as sogreto at db:5432")
    }
}
