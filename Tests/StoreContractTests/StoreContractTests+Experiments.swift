import Foundation
import Testing
@testable import Bot

/// Experiments on every engine: exposures commit with their message, decisions are audited, and
/// the report's facts come out alike.
extension StoreContractTests {
    static func exposure(_ experiment: String, _ variant: String) -> AnalyticsEvent {
        ExposureEvent.make(experimentID: experiment, programID: "microgreens", variant: variant)
    }

    /// An update that saves its user, sends `text` and records `events`.
    static func update(_ updateID: Int64, user: Int64, text: String = "shown", events: [AnalyticsEvent]) -> PendingUpdate {
        PendingUpdate(updateID: updateID, userID: user, chatID: user, apology: [.message(text: "sorry", keyboard: nil)]) { _, _ in
            Decision(user: Fixtures.user(user), actions: [.message(text: text, keyboard: nil)], events: events)
        }
    }

    @Test(arguments: StoreFactories.all)
    func anExposureCommitsWithItsMessageOrNotAtAll(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given an update that shows a variant, one whose handler fails after deciding to, and a redelivery
        let failing = PendingUpdate(updateID: 2, userID: 61, chatID: 61, apology: [.message(text: "sorry", keyboard: nil)]) { _, _ in
            throw Fixtures.HandlerFailure()
        }
        _ = try await store.apply(batch: [Self.update(1, user: 60, events: [Self.exposure("day2", "b")]), failing],
                                  now: Self.start, offset: nil)
        _ = try await store.apply(batch: [Self.update(1, user: 60, events: [Self.exposure("day2", "b")])],
                                  now: Self.start.addingTimeInterval(1), offset: nil)
        // Then the shown one has its message and its exposure, once; the failed one neither
        #expect(try await store.outboxRows(chatID: 60).map(\.text) == ["shown"])
        #expect(try await store.events(userID: 60) == [Self.exposure("day2", "b")])
        #expect(try await store.outboxRows(chatID: 61).map(\.text) == ["sorry"])
        #expect(try await store.events(userID: 61).isEmpty)
        #expect(try await store.exposureCounts() == ["day2:b": 1])
    }

    @Test(arguments: StoreFactories.all)
    func aReminderExposureCommitsOnlyWithTheReminderItQueued(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(62)], jobs: [Fixtures.job(user: 62, key: "unlock:62", due: now)], now: now)
        let showing: @Sendable ([DueJob], UserRecord?) -> JobDispatch = { jobs, user in
            var dispatch = Fixtures.remind(jobs, user)
            dispatch.events = [Self.exposure("day2", "a")]
            return dispatch
        }
        #expect(try await store.fireDueJobs(now: now, limit: 10, dispatch: showing) == FiredJobs(jobs: 1, messages: 1))
        #expect(try await store.events(userID: 62) == [Self.exposure("day2", "a")])
        // A job whose message is already queued under its key (a replay) queues nothing and records nothing
        try await store.importUsers([], jobs: [PlannedJob(key: "again", kind: .unlock, userID: 62, programID: "microgreens",
                                                          stageID: "sprouts", dueAt: now)], now: now)
        let replay: @Sendable ([DueJob], UserRecord?) -> JobDispatch = { jobs, user in
            var dispatch = JobDispatch()
            dispatch.messages = [JobDispatch.Message(key: "unlock:62", actions: [.message(text: "dup", keyboard: nil)], notBefore: nil)]
            dispatch.done = jobs.map(\.id)
            dispatch.events = [Self.exposure("day2", "a")]
            return dispatch
        }
        #expect(try await store.fireDueJobs(now: now, limit: 10, dispatch: replay) == FiredJobs(jobs: 1, messages: 0))
        #expect(try await store.events(userID: 62).count == 1)
    }

    @Test(arguments: StoreFactories.all)
    func decisionsAreKeptAndAuditedAndPreviewsCanBeRemoved(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await store.recordExperimentDecision(ExperimentDecision(experimentID: "day2", status: .running, changedAt: Self.start),
                                                 actor: "http")
        let adopted = ExperimentDecision(experimentID: "day2", status: .adopted, variant: "b", changedAt: Self.start.addingTimeInterval(60))
        try await store.recordExperimentDecision(adopted, actor: "telegram:900")
        #expect(try await store.experimentDecisions() == [adopted])
        let audit = try await store.auditLog(limit: 10)
        #expect(audit.map(\.action) == ["experiment.adopt", "experiment.start"])
        #expect(audit.map(\.target) == ["experiment:day2:b", "experiment:day2"])
        #expect(audit.map(\.actor) == ["telegram:900", "http"])
        try await store.setExperimentOverride(userID: 900, experimentID: "day2", variant: "a")
        try await store.setExperimentOverride(userID: 900, experimentID: "day2", variant: "b")
        try await store.setExperimentOverride(userID: 900, experimentID: "other", variant: "a")
        #expect(try await store.experimentOverrides() == [ExperimentOverride(userID: 900, experimentID: "day2", variant: "b"),
                                                          ExperimentOverride(userID: 900, experimentID: "other", variant: "a")])
        try await store.setExperimentOverride(userID: 900, experimentID: "other", variant: nil)
        #expect(try await store.experimentOverrides().map(\.experimentID) == ["day2"])
    }

    @Test(arguments: StoreFactories.all)
    func exposedUsersCarryWhatTheyDidAfterTheirFirstExposure(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let t0 = Self.start, t1 = Self.start.addingTimeInterval(3600), t2 = Self.start.addingTimeInterval(7200)
        let started = AnalyticsEvent(kind: "stage_started", programID: "microgreens", detail: "sprouts")
        // 70 is shown b, then opens the stage, reaches day 7, completes and answers 9
        _ = try await store.apply(batch: [Self.update(1, user: 70, events: [Self.exposure("day2", "b")])], now: t0, offset: nil)
        _ = try await store.apply(batch: [Self.update(2, user: 70, events: [started, AnalyticsEvent(kind: "day7_reached", programID: "microgreens"),
                                                                          AnalyticsEvent(kind: "completed", programID: "microgreens"),
                                                                          AnalyticsEvent(kind: "nps", programID: "microgreens", detail: "9")])],
                                  now: t1, offset: nil)
        // 71 opened a stage before being shown a, and nothing since; shown again later (first exposure counts)
        _ = try await store.apply(batch: [Self.update(3, user: 71, events: [started])], now: t0, offset: nil)
        _ = try await store.apply(batch: [Self.update(4, user: 71, events: [Self.exposure("day2", "a")])], now: t1, offset: nil)
        _ = try await store.apply(batch: [Self.update(5, user: 71, events: [Self.exposure("day2", "a"),
                                                                          AnalyticsEvent(kind: "nps", programID: "microgreens", detail: "x")])],
                                  now: t2, offset: nil)
        // 72 is in another experiment only
        _ = try await store.apply(batch: [Self.update(6, user: 72, events: [Self.exposure("day2-other", "a")])], now: t0, offset: nil)
        let users = try await store.exposedUsers(experimentID: "day2")
        #expect(users == [
            ExposedUser(userID: 70, variant: "b", firstExposedAt: t0, reachedNextStep: true, reachedDay7: true, completed: true, nps: 9),
            ExposedUser(userID: 71, variant: "a", firstExposedAt: t1),
        ])
        #expect(try await store.exposureCounts() == ["day2:b": 1, "day2:a": 2, "day2-other:a": 1])
    }

    @Test(arguments: StoreFactories.all)
    func aListenerKeptOutOfAnExperimentCountsInNoVariantEvenAfterReadingOne(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let kept = ExposureEvent.keptOut(experimentID: "day2", programID: "microgreens", variant: "b")
        // 80 read b, then switched to audio and was kept out; 81 was kept out of another experiment only
        _ = try await store.apply(batch: [Self.update(1, user: 80, events: [Self.exposure("day2", "b")])], now: Self.start, offset: nil)
        _ = try await store.apply(batch: [Self.update(2, user: 80, events: [kept])], now: Self.start.addingTimeInterval(60), offset: nil)
        _ = try await store.apply(batch: [Self.update(3, user: 81, events: [Self.exposure("day2", "a"),
                                                                          ExposureEvent.keptOut(experimentID: "day2-other", programID: "microgreens", variant: "b")])],
                                  now: Self.start, offset: nil)
        #expect(try await store.exposedUsers(experimentID: "day2").map(\.userID) == [81])
        #expect(try await store.exposureCounts() == ["day2:b": 1, "day2:a": 1])
    }

    @Test(arguments: StoreFactories.all)
    func aDecisionMadeInTelegramCommitsWithItsUpdateAndIsAudited(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let stop = ExperimentDecision(experimentID: "day2", status: .stopped, changedAt: Self.start)
        let deciding = PendingUpdate(updateID: 1, userID: 90, chatID: 90, apology: [.message(text: "sorry", keyboard: nil)]) { _, _ in
            var decision = Decision(actions: [.message(text: "stopped", keyboard: nil)])
            decision.experimentDecisions = [ExperimentDecisionRequest(decision: stop, actor: "telegram:90")]
            return decision
        }
        _ = try await store.apply(batch: [deciding], now: Self.start, offset: nil)
        #expect(try await store.experimentDecisions() == [stop])
        #expect(try await store.auditLog(limit: 5).map { "\($0.actor) \($0.action) \($0.target ?? "")" } == ["telegram:90 experiment.stop experiment:day2"])
        // A redelivered update decides nothing twice
        _ = try await store.apply(batch: [deciding], now: Self.start.addingTimeInterval(1), offset: nil)
        #expect(try await store.auditLog(limit: 5).count == 1)
    }
}
