import Foundation

/// Whether the program works: per kit and per weekly cohort, how many people opened a kit's link,
/// began the first practice, reached day 7, completed, stopped, their NPS, and how many started a
/// second kit (the repeat-purchase figure).
public struct FunnelReport: Codable, Sendable, Equatable {
    /// What one user did, read from the users and events tables.
    public struct UserFacts: Sendable, Equatable {
        public var kitCode: String?
        /// When the program was activated (the kit's link opened); nil: never.
        public var activatedAt: Date?
        public var startedPractice: Bool
        public var reachedDay7: Bool
        public var completed: Bool
        /// The program is stopped now (the user said /stop and did not come back).
        public var stopped: Bool
        /// The user's latest NPS answer, 0–10.
        public var npsScore: Int?
        /// A later journey began on a kit code: another kit, or the same kit again with new seeds.
        public var startedNextKit: Bool
        /// The user came by a friend's gift invite (the "gifted" cohort).
        public var gifted = false

        public init(kitCode: String?, activatedAt: Date?, startedPractice: Bool, reachedDay7: Bool,
                    completed: Bool, stopped: Bool, npsScore: Int?, startedNextKit: Bool = false, gifted: Bool = false) {
            self.gifted = gifted
            self.kitCode = kitCode
            self.activatedAt = activatedAt
            self.startedPractice = startedPractice
            self.reachedDay7 = reachedDay7
            self.completed = completed
            self.stopped = stopped
            self.npsScore = npsScore
            self.startedNextKit = startedNextKit
        }
    }

    /// One line of the funnel.
    public struct Row: Codable, Sendable, Equatable {
        /// The kit code, or the cohort's Monday (yyyy-MM-dd, UTC), or "all".
        public var group: String
        /// Opened a kit's link: the program was activated.
        public var seen: Int
        /// Began the first practice.
        public var started: Int
        public var day7: Int
        public var completed: Int
        public var stopped: Int
        public var npsResponses: Int
        var promoters: Int
        var detractors: Int
        /// Promoters minus detractors, in percent of answers; nil without answers.
        public var nps: Int?
        /// started / seen, in percent; nil when nobody was seen.
        public var activationPercent: Int?
        /// Started a second kit (a journey on a kit code after their first); the group is the first kit's.
        public var nextKit: Int = 0
        /// nextKit / seen, in percent (the roadmap's repeat-purchase target is 20); nil when nobody was seen.
        public var nextKitPercent: Int? = nil
    }

    public var total: Row
    public var byKit: [Row]
    public var byCohort: [Row]
    /// "gifted" (came by a friend's invite) and "direct" users.
    public var byOrigin: [Row] = []
    /// The gift invites: sent, opened, started, planted, completed (`Store.funnelReport` fills it).
    public var gifts: GiftFunnel = .empty

    /// Users who came by a friend's gift invite, as a cohort.
    static let giftedCohort = "gifted"

    /// Users without a kit code are grouped under this name.
    static let noKit = "(none)"

    public static func build(from facts: [UserFacts]) -> FunnelReport {
        let seen = facts.filter { $0.activatedAt != nil }
        let kits = Dictionary(grouping: seen) { $0.kitCode ?? noKit }
        let cohorts = Dictionary(grouping: seen) { cohortName(of: $0.activatedAt ?? .distantPast) }
        var report = FunnelReport(total: row("all", seen),
                                  byKit: kits.keys.sorted().map { row($0, kits[$0] ?? []) },
                                  byCohort: cohorts.keys.sorted().map { row($0, cohorts[$0] ?? []) })
        let gifted = seen.filter(\.gifted)
        report.byOrigin = gifted.isEmpty ? [] : [row(giftedCohort, gifted), row("direct", seen.filter { !$0.gifted })]
        return report
    }

    private static func row(_ group: String, _ users: [UserFacts]) -> Row {
        let scores = users.compactMap(\.npsScore)
        let promoters = scores.filter { $0 >= 9 }.count
        let detractors = scores.filter { $0 <= 6 }.count
        let started = users.filter(\.startedPractice).count
        let nextKit = users.filter(\.startedNextKit).count
        return Row(group: group, seen: users.count, started: started,
                   day7: users.filter(\.reachedDay7).count, completed: users.filter(\.completed).count,
                   stopped: users.filter(\.stopped).count, npsResponses: scores.count,
                   promoters: promoters, detractors: detractors,
                   nps: percent(promoters - detractors, of: scores.count),
                   activationPercent: percent(started, of: users.count), nextKit: nextKit,
                   nextKitPercent: percent(nextKit, of: users.count))
    }

    private static func percent(_ part: Int, of whole: Int) -> Int? {
        guard whole > 0 else { return nil }
        return Int((Double(part) * 100 / Double(whole)).rounded())
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()

    /// The Monday (UTC) of the week `date` falls in, as yyyy-MM-dd.
    static func cohortName(of date: Date) -> String {
        let start = utc.dateInterval(of: .weekOfYear, for: date)?.start ?? date
        let parts = utc.dateComponents([.year, .month, .day], from: start)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
