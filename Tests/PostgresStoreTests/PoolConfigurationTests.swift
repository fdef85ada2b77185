@testable import PostgresStore
import PostgresNIO
import Testing

/// The store's pool arms no timer when a connection is returned: a cancelled timer's sleep stays
/// allocated until its deadline, so per-query timers grew the heap with the query rate.
struct PoolConfigurationTests {
    @Test(arguments: ["postgres://sogreto@localhost/bot", "postgres://sogreto@/bot?host=/run/postgresql"])
    func theStorePoolIsFixedSizeWithoutKeepAliveTimers(_ text: String) throws {
        let options = try DatabaseURL(parsing: text).clientConfiguration(maximumConnections: 6).options
        #expect(options.maximumConnections == 6)
        #expect(options.minimumConnections == 6)
        #expect(options.keepAliveBehavior == nil)
    }
}
