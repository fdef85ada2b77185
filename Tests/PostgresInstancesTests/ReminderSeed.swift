import Foundation
import Program
import TelegramEmulator
@testable import Bot

/// Users of the emulator who planted yesterday, each with the sprouts reminder due at its own time
/// (the planner decides the job; only its time is moved), and the dispatcher that words them.
struct ReminderSeed {
    let planner: ReminderPlanner
    let dispatcher: ReminderDispatcher
    let users: [SimulatedUser]

    static func make(_ store: any Store, emulator: TelegramEmulator, dueTimes: [Date]) async throws -> ReminderSeed {
        let assets = repositoryRoot.appendingPathComponent("assets")
        let catalog = try ProgramCatalog.load(from: assets.appendingPathComponent("programs"),
                                              uiStrings: assets.appendingPathComponent("locales"))
        let engine = ProgramEngine(catalog: catalog)
        let planner = ReminderPlanner(engine: engine)
        let strings = try BotStrings.load(from: assets.appendingPathComponent("locales"))
        let started = (dueTimes.min() ?? Date()).addingTimeInterval(-86_400)
        let context = ProgramContext(now: started, timeZone: TimeZone(identifier: "Europe/Moscow") ?? .gmt, locale: "ru",
                                     userName: "", photoCount: 0)
        guard var progress = engine.handle(.start(kitCode: nil), progress: nil, context: context).progress,
              let planting = catalog.program(id: progress.programID)?.stages.first else {
            throw SeedError()
        }
        progress.stagesCompleted[planting.id] = started
        progress.position = .stageDone(stage: planting.id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(progress), as: UTF8.self)
        var people: [SimulatedUser] = []
        var records: [UserRecord] = []
        var jobs: [PlannedJob] = []
        for (index, due) in dueTimes.enumerated() {
            let person = await emulator.newUser(firstName: "User\(index)", languageCode: index.isMultiple(of: 2) ? "ru" : "en")
            var user = UserRecord(id: person.id, firstName: person.firstName, languageCode: "ru", locale: "ru", now: started)
            user.status = .active
            user.progress = json
            user.quietHoursOptOut = true
            guard var job = planner.plan(for: user, now: started).first(where: { $0.kind == .unlock }) else { throw SeedError() }
            job.dueAt = due
            people.append(person)
            records.append(user)
            jobs.append(job)
        }
        try await store.importUsers(records, jobs: jobs, now: started)
        return ReminderSeed(planner: planner, dispatcher: ReminderDispatcher(planner: planner, strings: strings, grace: 6 * 3600),
                            users: people)
    }

    struct SeedError: Error {}
}
