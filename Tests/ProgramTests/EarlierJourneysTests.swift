import Foundation
import Testing
@testable import Program

/// Starting over keeps what the user wrote: the journey left behind (wish, answers, choices,
/// reflections, manifesto) moves to `earlierJourneys`, the latest few of them.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs/microgreens"))
struct EarlierJourneysTests {
    func startedJourney() throws -> Journey {
        var journey = Journey(catalog: try Fixtures.loadReal())
        journey.send(.start(kitCode: "mg-1"))
        return journey
    }

    @Test func aResetKeepsTheWordsAndTheManifestoOfTheJourneyLeftBehind() throws {
        // Given a user who wrote a wish, answered, reflected and got a manifesto
        var journey = try startedJourney()
        journey.progress?.wish = "Отдыхать"
        journey.progress?.answers = ["planting.intention": "любопытство"]
        journey.progress?.choices = ["sprouts.lift-lid": "cracked"]
        journey.progress?.reflections = ["roots": "семья"]
        journey.progress?.manifesto = "Мой манифест"
        let started = try #require(journey.progress?.startedAt)
        // When they start over and confirm
        journey.advance(days: 3)
        journey.send(.resetRequested)
        #expect(journey.lastText.contains("не сотрутся"), "the question tells the truth")
        journey.press("Да, начать заново")
        // Then the new journey is fresh, and the old one is kept whole
        let progress = try #require(journey.progress)
        #expect(progress.wish == nil && progress.answers.isEmpty && progress.manifesto == nil && progress.reflections == nil)
        let kept = try #require(progress.earlierJourneys?.first)
        #expect(progress.earlierJourneys?.count == 1)
        #expect(kept.wish == "Отдыхать" && kept.answers == ["planting.intention": "любопытство"])
        #expect(kept.choices == ["sprouts.lift-lid": "cracked"] && kept.reflections == ["roots": "семья"])
        #expect(kept.manifesto == "Мой манифест" && kept.startedAt == started && kept.endedAt == journey.now)
    }

    @Test func aJourneyWithNothingWrittenLeavesNothingAndOnlyTheLatestFewAreKept() throws {
        var journey = try startedJourney()
        journey.send(.resetRequested)
        journey.press("Да, начать заново")
        #expect(journey.progress?.earlierJourneys == nil, "nothing written, nothing kept")
        for round in 0..<(EarlierJourney.kept + 2) {
            journey.progress?.wish = "желание \(round)"
            journey.send(.resetRequested)
            journey.press("Да, начать заново")
        }
        let kept = try #require(journey.progress?.earlierJourneys)
        #expect(kept.count == EarlierJourney.kept)
        #expect(kept.last?.wish == "желание \(EarlierJourney.kept + 1)" && kept.first?.wish == "желание 2")
        // and they survive a switch to another kit as well
        journey.progress?.wish = "ещё"
        journey.send(.start(kitCode: "bs-1"))
        journey.send(.callback(payload: "y"))
        #expect(journey.progress?.programID == "basil")
        #expect(journey.progress?.earlierJourneys?.last?.wish == "ещё")
    }

    @Test func progressStoredBeforeEarlierJourneysWereKeptStillDecodes() throws {
        let journey = try startedJourney()
        let encoder = JSONEncoder()
        var object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(journey.progress)) as? [String: Any])
        object.removeValue(forKey: "earlierJourneys")
        object.removeValue(forKey: "reflections")
        let old = try JSONSerialization.data(withJSONObject: object)
        let decoded = try JSONDecoder().decode(UserProgress.self, from: old)
        #expect(decoded.earlierJourneys == nil && decoded.reflections == nil)
    }
}
