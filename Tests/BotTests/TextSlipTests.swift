import Foundation
import Program
import Testing
@testable import Bot

@Suite struct TextSlipTests {
    let world: ReminderWorld
    let now = instant("2026-03-01T09:00:00Z")

    init() throws {
        world = try ReminderWorld()
    }

    @Test(arguments: [(1, "1 stage, 1 photo"), (2, "2 stages, 2 photos"), (5, "5 stages, 5 photos")])
    func englishCountsAgreeWithTheirNouns(count: Int, expected: String) {
        let caption = world.strings.text("diary_caption", "en", ["stages": String(count), "photos": String(count)])
        #expect(caption.contains(expected), "\(caption)")
    }

    @Test(arguments: [(1, "1 этап"), (2, "2 этапа"), (4, "4 этапа"), (5, "5 этапов"), (11, "11 этапов"), (21, "21 этап"),
                      (22, "22 этапа"), (112, "112 этапов")])
    func russianHasThreeForms(count: Int, expected: String) {
        let caption = world.strings.text("diary_caption", "ru", ["stages": String(count), "photos": "3"])
        #expect(caption.contains(expected + ","), "\(caption)")
    }

    @Test(arguments: ["ru", "en"])
    func helpListsCollageAndTimeline(locale: String) {
        let help = world.strings.text("help", locale)
        #expect(help.contains("/collage") && help.contains("/timeline"))
    }

    @Test(arguments: ["/stop", "/pause"])
    func strayTextAfterStoppingDoesNotPromiseContinue(command: String) throws {
        let started = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        let stopped = world.send(command, as: started, at: now, updateID: 3)
        let stray = world.conversation.decide(Updates.text("привет", updateID: 4), user: stopped, admission: .allowed, now: now)
        let text = stray.actions.compactMap { if case .message(let text, _) = $0 { return text } else { return nil } }.joined()
        #expect(text.contains("/resume"))
        #expect(!text.contains(world.engine.catalog.strings(for: "ru")[.textNotExpected]))
        #expect(stray.user?.progress == stopped.progress)
    }

    @Test func strayTextAfterTheJourneySaysItIsComplete() throws {
        var user = world.moved(world.startedUser(zone: "Europe/Moscow", at: now), to: .finished)
        var progress = try #require(world.progress(of: user))
        progress.status = .completed
        user.progress = ProgressCoding.encode(progress)
        user.conversation = nil
        let stray = world.conversation.decide(Updates.text("спасибо", updateID: 4), user: user, admission: .allowed, now: now)
        #expect(stray.actions == [.message(text: world.strings.text("text_after_journey", "ru"), keyboard: nil)])
    }

    @Test func alertsAndAdminNotesCountRightAndNeverShowAPlaceholder() {
        let one = world.strings.text("alert_detail_delivery_backlog", "en", ["value": "1", "seconds": "60"])
        #expect(one.hasPrefix("1 message has waited"))
        #expect(world.strings.text("audio_broken_admin", "en", ["count": "1", "list": "x"]).contains("1 broken entry."))
        let odd = world.strings.text("alert_detail_error_burst", "en", ["value": "2.5", "minutes": "5"])
        #expect(!odd.contains("{") && odd.hasPrefix("2.5 errors"))
    }
}
