import Foundation
import Program

/// Runs "leaderboard" tasks: joins or leaves the board, then answers with the board (or the
/// invitation to join). The members are read when the task runs; what is sent holds counts only.
struct LeaderboardHandler: MediaTaskHandler {
    static let kind = "leaderboard"
    var kind: String { Self.kind }
    let database: any Store
    let catalog: ProgramCatalog
    let strings: BotStrings
    let clock: any BotClock

    init(database: any Store, catalog: ProgramCatalog, strings: BotStrings, clock: any BotClock) {
        self.database = database
        self.catalog = catalog
        self.strings = strings
        self.clock = clock
    }

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let payload = try task.decodePayload(LeaderboardPayload.self)
        let now = clock.now()
        guard let user = try await database.user(task.userID) else { return .reply([]) }
        guard let progress = user.progress.flatMap(ProgressCoding.decode) else {
            return .reply([.message(text: strings.text("leaderboard_not_started", user.locale), keyboard: nil)])
        }
        let wording = LeaderboardWording(strings: strings, catalog: catalog)
        let cohort = LeaderboardWeek.cohort(of: progress)
        var member = try await database.leaderboardCohort(userID: user.id) != nil
        switch payload.action {
        case .join:
            try await database.setLeaderboardCohort(userID: user.id, cohort: cohort, now: now)
            member = true
        case .leave:
            try await database.setLeaderboardCohort(userID: user.id, cohort: nil, now: now)
            return .reply([.message(text: strings.text("leaderboard_left", user.locale), keyboard: nil)])
        case .show:
            // A new journey is a new start week: the member moves with it.
            if member { try await database.setLeaderboardCohort(userID: user.id, cohort: cohort, now: now) }
        }
        guard member else { return .reply([wording.invitation(locale: user.locale)]) }
        let members = try await database.leaderboardMembers(cohort: cohort)
        let zone = TimeZone(identifier: user.timezone) ?? .gmt
        let week = LeaderboardWeek.build(viewer: user.id, viewerProgress: progress, viewerZone: zone, members: members,
                                         cohort: cohort, now: now)
        return .reply([wording.board(week, cohort: cohort, locale: user.locale)])
    }
}
