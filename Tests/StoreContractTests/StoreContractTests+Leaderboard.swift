import Foundation
import Testing
@testable import Bot

/// The opt-in board's members, the same on every engine: a known user joins a cohort, moves
/// with a new journey, leaves; the row goes with the user when they are forgotten.
extension StoreContractTests {
    @Test(arguments: StoreFactories.all)
    func leaderboardMembersJoinMoveLeaveAndGoWithTheUser(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(1), Fixtures.user(2), Fixtures.user(3)], jobs: [], now: now)
        for (id, cohort) in [(1, "2026-11-23"), (2, "2026-11-23"), (3, "2026-11-30"), (99, "2026-11-23")] as [(Int64, String)] {
            try await store.setLeaderboardCohort(userID: id, cohort: cohort, now: now)
        }
        #expect(try await store.leaderboardMembers(cohort: "2026-11-23").map(\.userID) == [1, 2], "an unknown user never joins")
        #expect(try await store.leaderboardCohort(userID: 99) == nil)
        let member = try #require(try await store.leaderboardMembers(cohort: "2026-11-30").first)
        #expect(member == LeaderboardMember(userID: 3, progress: nil, timezone: Fixtures.user(3).timezone))

        // Joining again moves the member to the cohort of their new journey
        try await store.setLeaderboardCohort(userID: 2, cohort: "2026-11-30", now: now.addingTimeInterval(60))
        #expect(try await store.leaderboardCohort(userID: 2) == "2026-11-30")
        #expect(try await store.leaderboardMembers(cohort: "2026-11-30").map(\.userID) == [2, 3])
        // Leaving takes them off; leaving twice changes nothing
        try await store.setLeaderboardCohort(userID: 1, cohort: nil, now: now)
        try await store.setLeaderboardCohort(userID: 1, cohort: nil, now: now)
        #expect(try await store.leaderboardCohort(userID: 1) == nil)
        #expect(try await store.leaderboardMembers(cohort: "2026-11-23").isEmpty)
        // Forgetting a user takes their row
        _ = try await store.forgetUser(3, request: Self.farewell, now: now.addingTimeInterval(120))
        #expect(try await store.leaderboardMembers(cohort: "2026-11-30").map(\.userID) == [2])
    }
}
