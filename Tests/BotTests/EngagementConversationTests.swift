import TestSupport
import Foundation
import Program
import Testing
@testable import Bot

/// `/stats` and `/collection` as the pure conversation decides them: a kind word while there is
/// nothing to show, a media task once there is, and page buttons that are not a card refused.
@Suite struct EngagementConversationTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let conversation: Conversation

    init() throws {
        conversation = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: nil)
    }

    func started() throws -> UserRecord {
        try #require(conversation.decide(Updates.text("/start mg-1"), user: nil, admission: .allowed, now: now).user)
    }

    func texts(_ decision: Decision) -> [String] {
        decision.actions.compactMap { if case .message(let text, _) = $0 { return text } else { return nil } }
    }

    @Test func beforeTheJourneyAndBeforePlantingThereIsAKindWordAndNoTask() throws {
        let strings = try loadStrings()
        let newcomer = conversation.decide(Updates.text("/stats"), user: nil, admission: .allowed, now: now)
        #expect(texts(newcomer) == [strings.text("stats_not_started", "ru")])
        #expect(newcomer.mediaTasks.isEmpty)
        let user = try started()
        let unplanted = conversation.decide(Updates.text("/stats"), user: user, admission: .allowed, now: now)
        #expect(texts(unplanted) == [strings.text("stats_before_planting", "ru")])
        #expect(unplanted.mediaTasks.isEmpty)
        let empty = conversation.decide(Updates.text("/collection"), user: user, admission: .allowed, now: now)
        #expect(texts(empty) == [strings.text("collection_empty", "ru")])
    }

    @Test func aPlantedUserGetsTheCardDrawnByAMediaTask() throws {
        var user = try started()
        var progress = try #require(user.progress.flatMap(ProgressCoding.decode))
        progress.stagesStarted["planting"] = now
        user.progress = ProgressCoding.encode(progress)
        let decision = conversation.decide(Updates.text("/stats"), user: user, admission: .allowed, now: now)
        #expect(decision.mediaTasks.map(\.kind) == [MediaTaskKind.stats])
        #expect(decision.actions.first == .chatAction("upload_photo"))
    }

    @Test func onlyAPageThatIsACardOfTheCollectionActs() throws {
        var user = try started()
        var progress = try #require(user.progress.flatMap(ProgressCoding.decode))
        progress.collection = [CollectedCard(programID: "microgreens", cardID: "patience", earnedAt: now, day: 0),
                               CollectedCard(programID: "microgreens", cardID: "attention", earnedAt: now, day: 2)]
        user.progress = ProgressCoding.encode(progress)
        let stale = try loadStrings().text("stale_button", "ru")
        for data in ["cl:0", "cl:3", "cl:01", "cl:x", "cl:", "cl:-2", "cl:9999999999999999999999"] {
            let decision = conversation.decide(Updates.callback(data), user: user, admission: .allowed, now: now)
            #expect(decision.mediaTasks.isEmpty, "\(data)")
            #expect(decision.actions == [.answerCallback(queryID: "q2", text: stale, alert: false)], "\(data)")
        }
        let page = conversation.decide(Updates.callback("cl:2"), user: user, admission: .allowed, now: now)
        let request = try #require(page.mediaTasks.first)
        #expect(request.kind == MediaTaskKind.collection && request.payload == #"{"page":2}"#)
        // the page left behind loses its buttons
        #expect(page.actions.contains(.editKeyboard(messageID: 1, keyboard: nil)))
    }
}
