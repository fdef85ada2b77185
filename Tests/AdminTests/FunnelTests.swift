import Foundation
import Testing
@testable import Admin
@testable import Bot

@Suite struct FunnelTests {
    static let day: TimeInterval = 86_400

    /// Seven people who opened a kit over two weeks, and one who never did; answers worked out by hand.
    static func seed(_ world: AdminWorld) async throws {
        let start = AdminWorld.start // Monday 2026-09-21
        let secondWeek = start.addingTimeInterval(7 * day)
        let plan: [(Int64, String?, String, Date, [String], [Int])] = [
            (1, "mg-1", "completed", start, ["stage_started", "day7_reached", "completed"], [10]),
            (2, "mg-1", "active", start.addingTimeInterval(day), ["stage_started", "day7_reached"], [3, 6]),
            (3, "mg-1", "stopped", start.addingTimeInterval(2 * day), ["stage_started", "stopped"], [9]),
            (4, "mg-1", "active", start.addingTimeInterval(5 * day), [], []),
            (5, "lv-1", "active", secondWeek, ["stage_started", "day7_reached"], [8]),
            (6, "lv-1", "stopped", secondWeek.addingTimeInterval(day), ["stopped"], []),
            (8, nil, "active", secondWeek.addingTimeInterval(2 * day), ["stage_started"], []),
        ]
        for (id, kit, status, activated, kinds, scores) in plan {
            try await world.addUser(id, kit: kit, status: status, createdAt: activated)
            try await world.addEvent(id, "activated", detail: kit, at: activated)
            for (index, kind) in kinds.enumerated() {
                try await world.addEvent(id, kind, at: activated.addingTimeInterval(Double(index + 1) * 3600))
            }
            for score in scores {
                try await world.addEvent(id, "nps", detail: String(score), at: activated.addingTimeInterval(20 * day))
            }
        }
        // The one who completed came back with a basil kit: a second kit for mg-1's first week.
        try await world.addEvent(1, "next_kit", at: start.addingTimeInterval(22 * day))
        // Someone who only asked for /help: never seen in the funnel.
        try await world.addUser(7, kit: nil, status: "new")
    }

    @Test func theFunnelPerKitAndCohortMatchesTheSeededHistory() async throws {
        try await withAdminWorld { world in
            try await Self.seed(world)
            let reply = try await world.request("GET", "/admin/funnel")
            #expect(reply.status == 200)
            let report = try JSONDecoder.snakeCase.decode(FunnelReport.self, from: reply.body)

            #expect(report.total == FunnelReport.Row(group: "all", seen: 7, started: 5, day7: 3, completed: 1, stopped: 2,
                                                     npsResponses: 4, promoters: 2, detractors: 1, nps: 25,
                                                     activationPercent: 71, nextKit: 1, nextKitPercent: 14))
            #expect(report.byKit == [
                FunnelReport.Row(group: "(none)", seen: 1, started: 1, day7: 0, completed: 0, stopped: 0,
                                 npsResponses: 0, promoters: 0, detractors: 0, nps: nil, activationPercent: 100,
                                 nextKitPercent: 0),
                FunnelReport.Row(group: "lv-1", seen: 2, started: 1, day7: 1, completed: 0, stopped: 1,
                                 npsResponses: 1, promoters: 0, detractors: 0, nps: 0, activationPercent: 50,
                                 nextKitPercent: 0),
                FunnelReport.Row(group: "mg-1", seen: 4, started: 3, day7: 2, completed: 1, stopped: 1,
                                 npsResponses: 3, promoters: 2, detractors: 1, nps: 33, activationPercent: 75,
                                 nextKit: 1, nextKitPercent: 25),
            ])
            #expect(report.byCohort.map(\.group) == ["2026-09-21", "2026-09-28"])
            #expect(report.byCohort[0].seen == 4 && report.byCohort[0].started == 3 && report.byCohort[0].nps == 33)
        #expect(report.byCohort[0].nextKit == 1 && report.byCohort[0].nextKitPercent == 25, "second kits count in the first kit's cohort")
            #expect(report.byCohort[1] == FunnelReport.Row(group: "2026-09-28", seen: 3, started: 2, day7: 1, completed: 0,
                                                           stopped: 1, npsResponses: 1, promoters: 0, detractors: 0,
                                                           nps: 0, activationPercent: 67, nextKitPercent: 0))
        }
    }

    @Test func anEmptyHistoryHasNoPercentages() {
        let report = FunnelReport.build(from: [])
        #expect(report.total.seen == 0 && report.total.nps == nil && report.total.activationPercent == nil)
        #expect(report.byKit.isEmpty && report.byCohort.isEmpty)
    }

    @Test func cohortsStartOnMondayUTC() {
        let sunday = AdminWorld.start.addingTimeInterval(-15 * 3600) // Sunday 23:13 UTC
        #expect(FunnelReport.cohortName(of: sunday) == "2026-09-14")
        #expect(FunnelReport.cohortName(of: AdminWorld.start) == "2026-09-21")
    }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
