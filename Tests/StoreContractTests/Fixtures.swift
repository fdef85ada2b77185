import Foundation
import Program
@testable import Bot
import TestSupport

/// Small values the contract tests build their cases from.
enum Fixtures {
    struct HandlerFailure: Error {}

    static let strings: BotStrings? = try? BotStrings.load(
        from: Repository.assets.appendingPathComponent("locales"))

    static let assets = Repository.assets

    /// The real program engine, for a store that re-plans reminders.
    static func engine() throws -> ProgramEngine {
        ProgramEngine(catalog: try ProgramCatalog.load(from: assets.appendingPathComponent("programs"),
                                                       uiStrings: assets.appendingPathComponent("locales")))
    }

    static func user(_ id: Int64) -> UserRecord {
        UserRecord(id: id, firstName: "U\(id)", languageCode: "ru", locale: "ru", now: StoreContractTests.start)
    }

    /// A user who started the microgreens journey at `at` (the planner plans their reminders).
    static func startedUser(_ id: Int64, engine: ProgramEngine, at: Date) throws -> UserRecord {
        let context = ProgramContext(now: at, timeZone: TimeZone(identifier: "Europe/Moscow") ?? .gmt, locale: "ru",
                                     userName: "", photoCount: 0)
        guard let progress = engine.handle(.start(kitCode: nil), progress: nil, context: context).progress else {
            throw HandlerFailure()
        }
        var user = UserRecord(id: id, firstName: "U\(id)", languageCode: "ru", locale: "ru", now: at)
        user.status = .active
        user.progress = String(decoding: try JSONEncoder().encode(progress), as: UTF8.self)
        return user
    }

    /// An update that saves its user and replies `text`, with one event.
    static func reply(updateID: Int64, userID: Int64, text: String) -> PendingUpdate {
        PendingUpdate(updateID: updateID, userID: userID, chatID: userID,
                      apology: [.message(text: "sorry", keyboard: nil)]) { _, _ in
            Decision(user: user(userID), actions: [.message(text: text, keyboard: nil)], events: [AnalyticsEvent(kind: "replied")])
        }
    }

    /// An update whose handler throws after deciding to save its user.
    static func failing(updateID: Int64, userID: Int64) -> PendingUpdate {
        PendingUpdate(updateID: updateID, userID: userID, chatID: userID,
                      apology: [.message(text: "sorry", keyboard: nil)]) { _, _ in throw HandlerFailure() }
    }

    static func job(user: Int64, key: String, due: Date) -> PlannedJob {
        PlannedJob(key: key, kind: .unlock, userID: user, programID: "microgreens", stageID: "sprouts", dueAt: due)
    }

    /// A dispatcher that turns each due job into one reminder naming the user as read.
    static let remind: @Sendable ([DueJob], UserRecord?) -> JobDispatch = { jobs, user in
        var dispatch = JobDispatch()
        for due in jobs {
            dispatch.messages.append(JobDispatch.Message(key: due.job.key,
                                                         actions: [.message(text: "reminder for \(user?.firstName ?? "?")", keyboard: nil)],
                                                         notBefore: nil))
            dispatch.done.append(due.id)
        }
        return dispatch
    }

    static func photo(_ name: String, day: Int, bytes: Int) -> (payload: IngestPayload, facts: StoredPhotoFacts) {
        let facts = StoredPhotoFacts(sha256: String(repeating: name, count: 64), thumbSHA256: String(repeating: name, count: 63) + "0",
                                     bytes: bytes, width: 100, height: 100, sourceFormat: "jpeg", greenCoverage: 0.3, day: day,
                                     fileUniqueID: "file-\(name)")
        return (IngestPayload(fileID: "id-\(name)", fileUniqueID: "file-\(name)", day: day, isDocument: false), facts)
    }

    /// Files a photo as its ingest task would: records, claims and finishes the task. Returns the replies.
    static func file(_ photo: (payload: IngestPayload, facts: StoredPhotoFacts), user: Int64, store: any Store,
                     now: Date) async throws -> [OutboxRow] {
        let before = try await store.outboxRows(chatID: user).count
        try await store.recordMediaTasks([MediaTaskRequest(kind: MediaTaskKind.ingest, encoding: photo.payload)],
                                         userID: user, chatID: user, now: now)
        guard let task = try await store.claimMediaTasks(now: now, limit: 1, busyUsers: []).first,
              let strings else { return [] }
        let filing = PhotoFiling(payload: photo.payload, stored: photo.facts, asksVision: false,
                                 messages: PhotoDiaryMessages(strings: strings))
        try await store.finishMediaTask(task, now: now, with: .filePhoto(filing))
        return Array(try await store.outboxRows(chatID: user).dropFirst(before))
    }
}
