import Foundation
import Testing
@testable import Program

/// Random and mangled payloads never crash the engine nor change progress.
@Suite struct PayloadFuzzTests {
    /// A small deterministic generator so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-.:_ #/\\🌱жЖ\u{0}\n")

    @Test func randomStringsNeverChangeProgress() throws {
        var generator = SplitMix(state: 20_260_302)
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: "en")
        journey.send(.start(kitCode: "tn-1"))
        journey.press("Continue")
        journey.press("Next →")
        let places = [journey.progress]
        for place in places {
            for _ in 0..<3_000 {
                let length = Int.random(in: 0...70, using: &generator)
                let text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &generator)! })
                journey.progress = place
                journey.send(.callback(payload: text))
                if Payload.parse(text) == nil {
                    #expect(journey.progress == place, "\(text.debugDescription)")
                    #expect(journey.lastText.contains("no longer active"))
                }
                #expect(!journey.last.messages.isEmpty)
            }
        }
    }

    @Test func mangledRealPayloadsAreEitherValidOrStale() throws {
        var generator = SplitMix(state: 7)
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: "en")
        journey.send(.start(kitCode: "tn-1"))
        journey.press("Continue")
        journey.press("Next →")
        let place = journey.progress
        let real = PayloadTests.samples.map(\.encoded) + journey.buttons.map(\.payload)
        for _ in 0..<3_000 {
            var characters = Array(real.randomElement(using: &generator)!)
            let edits = Int.random(in: 1...3, using: &generator)
            for _ in 0..<edits where !characters.isEmpty {
                let index = Int.random(in: 0..<characters.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: characters.remove(at: index)
                case 1: characters.insert(Self.alphabet.randomElement(using: &generator)!, at: index)
                default: characters[index] = Self.alphabet.randomElement(using: &generator)!
                }
            }
            let text = String(characters)
            journey.progress = place
            journey.send(.callback(payload: text))
            #expect(!journey.last.messages.isEmpty)
            if journey.lastText.contains("no longer active") {
                #expect(journey.progress == place, "\(text)")
            }
            for message in journey.last.messages {
                #expect((try? TelegramHTML.parsedLength(of: message.text)) != nil, "\(message.text)")
            }
        }
    }
}
