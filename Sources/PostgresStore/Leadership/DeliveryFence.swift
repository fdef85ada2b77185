import Foundation
import PostgresNIO

/// The term a leader's store writes under: each of its transactions names it (`sogreto.term`), and
/// the schema's fence refuses claims made under a term that is over (`PostgresMigrations.termFence`).
/// Without a term (not leading) every claim is refused; outcomes of sends are still recorded.
public struct DeliveryFence: Sendable {
    private let term: @Sendable () -> Int64?

    public init(term: @escaping @Sendable () -> Int64?) {
        self.term = term
    }

    /// The fence of an elected instance: its current term.
    public init(_ elector: LeaderElector) {
        self.init { elector.leadership.term }
    }

    /// The term this store writes under now; nil when not leading.
    public var current: Int64? { term() }

    func mark(_ session: SQLSession) async throws {
        // -1: no term ever matches it, so a follower's claims are refused.
        let value = String(term() ?? -1)
        try await session.execute("SELECT set_config('sogreto.term', \(value), true)")
    }
}
