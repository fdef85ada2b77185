/// What went wrong with the PostgreSQL store, as one sentence an operator can act on. No message
/// carries the password, the URL as given or query arguments.
public struct PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case badURL(String)
        case unreachable(where: String, why: String)
        case loginRefused(where: String)
        case noDatabase(where: String)
        case migrationFailed(version: Int, why: String)
        case newerSchema(version: Int, known: Int)
        case query(why: String)
    }

    let code: Code

    static func badURL(_ reason: String) -> Self { Self(code: .badURL(reason)) }

    public var description: String {
        switch code {
        case .badURL(let reason):
            return "SOGRETO_DATABASE_URL is not usable: \(reason); expected postgres://USER:PASSWORD@HOST:PORT/DATABASE or postgres://USER@/DATABASE?host=/socket/folder."
        case .unreachable(let place, let why):
            return "PostgreSQL is unreachable (\(place)): \(why); check that the server runs and SOGRETO_DATABASE_URL points at it."
        case .loginRefused(let place):
            return "PostgreSQL refused the login (\(place)): check the user and password in SOGRETO_DATABASE_URL."
        case .noDatabase(let place):
            return "PostgreSQL has no such database (\(place)): create it (createdb) or fix SOGRETO_DATABASE_URL."
        case .migrationFailed(let version, let why):
            return "The PostgreSQL schema migration \(version) failed: \(why); nothing of it was applied."
        case .newerSchema(let version, let known):
            return "The PostgreSQL schema is at version \(version), newer than this build knows (\(known)): run the newer build."
        case .query(let why):
            return "A PostgreSQL query failed: \(why)."
        }
    }
}
