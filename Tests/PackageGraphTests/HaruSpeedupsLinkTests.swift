import Foundation
import Testing
import TestSupport

/// libharu's calls bind to CHaruSpeedups' definitions only in a process that links them: the
/// diary's executable must, through Reports (ReportsTests links them too, so it cannot tell).
@Suite struct HaruSpeedupsLinkTests {
    @Test func everyProcessThatDrawsTheDiaryLinksTheFastCopies() async throws {
        // Given the package's target graph, When Reports' and the executable's closures are followed
        let graph = try await PackageGraph.load(from: Repository.root)
        // Then both hold CHaruSpeedups
        #expect(try graph.closure(of: "Reports").contains("CHaruSpeedups"))
        #expect(try graph.closure(of: "sogreto").contains("CHaruSpeedups"))
    }
}
