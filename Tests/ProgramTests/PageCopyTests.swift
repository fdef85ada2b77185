import Foundation
import Testing
@testable import Program

/// A step can show in several messages; each new one is a newer copy, and its page-turn buttons
/// (Back, "Why?", back to the practice) carry the copy's number. A turn on the newest copy edits
/// it in place; a turn on an older copy answers in a new message and retires the older one.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs/microgreens"))
struct PageCopyTests {
    /// At planting step 2, shown first by Next (copy A) and again by /continue (copy B).
    func twoCopies() throws -> (Journey, older: [Button], newer: [Button]) {
        var journey = Journey(catalog: try Fixtures.loadReal(), locale: "en")
        journey.send(.start(kitCode: "mg-1"))
        journey.send(.continueProgram)
        journey.press(journey.engine.catalog.strings(for: "en")[.next])
        let older = journey.buttons
        journey.send(.continueProgram)
        let newer = journey.buttons
        #expect(journey.progress?.position == .step(stage: "planting", index: 1))
        return (journey, older, newer)
    }

    static func payload(_ buttons: [Button], _ prefix: String) throws -> String {
        try #require(buttons.first { $0.payload.hasPrefix(prefix) }?.payload, "\(prefix) among \(buttons.map(\.payload))")
    }

    @Test func eachNewMessageShowingTheStepIsANewerCopy() throws {
        let (_, older, newer) = try twoCopies()
        #expect(try Self.payload(older, "b:") != Self.payload(newer, "b:"))
        #expect(try Self.payload(older, "wy:") != Self.payload(newer, "wy:"))
        // Buttons that do not turn the page in place carry no copy
        #expect(try Self.payload(older, "n:") == Self.payload(newer, "n:"))
    }

    @Test func backOnTheNewestCopyTurnsItInPlace() throws {
        var (journey, _, newer) = try twoCopies()
        journey.send(.callback(payload: try Self.payload(newer, "b:")))
        #expect(journey.last.messages.count == 1 && journey.last.messages[0].replacesSource)
        #expect(!journey.last.retiresSource)
        #expect(journey.progress?.position == .step(stage: "planting", index: 0))
    }

    @Test func backOrWhyOnAnOlderCopyAnswersInANewMessageAndRetiresTheOlderOne() throws {
        var (journey, older, _) = try twoCopies()
        let copy = journey.progress?.pageCopy
        journey.send(.callback(payload: try Self.payload(older, "b:")))
        #expect(journey.last.messages.count == 1 && !journey.last.messages[0].replacesSource)
        #expect(journey.last.retiresSource)
        #expect(journey.progress?.position == .step(stage: "planting", index: 0))
        #expect(journey.progress?.pageCopy != copy, "the new message is the newest copy")

        var (explained, olderAgain, _) = try twoCopies()
        explained.send(.callback(payload: try Self.payload(olderAgain, "wy:")))
        #expect(explained.last.retiresSource && !explained.last.messages[0].replacesSource)
        #expect(explained.last.messages[0].text.contains("<blockquote>"))
    }

    @Test func buttonsSentBeforeCopiesWereNumberedStillTurnInPlace() throws {
        var (journey, _, _) = try twoCopies()
        journey.send(.callback(payload: "b:planting.1"))
        #expect(journey.last.messages.first?.replacesSource == true && !journey.last.retiresSource)
    }

    @Test(arguments: ["b:planting.1.7", "g:harvest.2.0", "wy:sprouts.0.999", "hb:3.12", "wt:0.5"])
    func pageTurnsWithACopyRoundTrip(text: String) {
        #expect(Payload.parse(text)?.encoded == text)
    }

    @Test(arguments: ["b:planting.1.x", "b:planting.1.1000", "wy:sprouts.0.-1", "hb:3.", "wt:.5", "n:planting.1.2", "h:3.1"])
    func malformedCopiesParseToNothing(text: String) {
        #expect(Payload.parse(text) == nil)
    }
}
