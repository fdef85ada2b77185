// Tests start their PostgreSQL through the throwaway cluster the tools use too (restore
// --verify-only, the benchmarks), under the names the tests have always used.
@_exported import ThrowawayPostgres

public typealias PostgresTestCluster = ThrowawayPostgresCluster
public typealias PostgresTestDatabase = ThrowawayPostgresDatabase
package typealias PostgresTestError = ThrowawayPostgresError
