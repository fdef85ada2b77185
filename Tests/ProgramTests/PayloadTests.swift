import Foundation
import Testing
@testable import Program

@Suite struct PayloadTests {
    static let samples: [Payload] = [
        .next(stage: "planting", index: 3), .back(stage: "planting", index: 1), .skip(stage: "a", index: 0),
        .openMenu(stage: "harvest", index: 2), .backToStep(stage: "harvest", index: 2),
        .menuItem(stage: "harvest", index: 2, item: "pesto"), .takeWish(stage: "planting", index: 4, item: "calm-mornings"),
        .choose(stage: "sprouts", index: 0, option: "roots-out"), .later, .continueProgram, .resume,
        .toggleTheme("slowness"), .pickerPace("gentle"), .themesDone, .themesDefaults, .themeNext(slot: 6),
        .themeBack(slot: 2), .nps(10), .npsNoComment, .confirm, .cancel, .settingsThemes, .settingsPace("standard"),
        .resetRequest, .why(stage: "sprouts", index: 1), .answerMicro("guess"), .whyTheme(slot: 3),
    ]

    @Test(arguments: samples)
    func everyPayloadSurvivesARoundTrip(payload: Payload) {
        #expect(Payload.parse(payload.encoded) == payload)
    }

    @Test func payloadsAreCompact() {
        #expect(Payload.next(stage: "planting", index: 3).encoded == "n:planting.3")
        #expect(Payload.menuItem(stage: "harvest", index: 2, item: "pesto").encoded == "mi:harvest.2.pesto")
    }

    @Test(arguments: ["", ":", "n", "n:", "n:planting", "n:planting.", "n:planting.x", "n:Planting.1", "n:planting.1.2",
                      "n:planting.-1", "n:planting.+1", "n:planting.1234", "ns:+7", "ns:1e1", "ns: 7", "zz:planting.1",
                      "mi:harvest.2", "t:", "t:UPPER", "t:a.b", "k:extra", "p:n:planting.1", "n:plan ting.1",
                      String(repeating: "n", count: 100), "n:\u{0}.1", "🌱:🌱.1",
                      "wy:sprouts", "wy:sprouts.x", "ra:", "ra:Guess", "ra:a.b"])
    func malformedPayloadsParseToNothing(text: String) {
        #expect(Payload.parse(text) == nil)
    }
}
