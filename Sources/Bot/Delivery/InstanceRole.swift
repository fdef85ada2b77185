/// This process among the instances sharing a store, as `/metrics` and `/healthz` show it: its
/// name (the `instance` label) and whether it leads now.
public struct InstanceRole: Sendable {
    /// SOGRETO_INSTANCE, or the name an elected instance chose; nil for a lone bot given none.
    public let name: String?
    private let term: (@Sendable () -> Int64?)?

    /// One process on its own store (SQLite): always the leader, no term.
    public static func alone(name: String? = nil) -> InstanceRole {
        InstanceRole(name: name, term: nil)
    }

    /// One of several instances: it leads while `term` gives one.
    public static func elected(name: String, term: @escaping @Sendable () -> Int64?) -> InstanceRole {
        InstanceRole(name: name, term: term)
    }

    public var isLeader: Bool { term.map { $0() != nil } ?? true }

    /// The term this instance leads under now; nil while it follows or when there is no election.
    public var currentTerm: Int64? { term?() }
}
