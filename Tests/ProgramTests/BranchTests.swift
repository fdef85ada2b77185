import Foundation
import Testing
@testable import Program

/// Branches inside a stage: the sprouts stage's answer (all good, nothing yet, mould) picks the
/// steps that follow; Next and Back pass over the others, the header counts only what shows.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs/microgreens"))
struct BranchTests {
    /// A user on the sprouts stage's first step (the lid), day 2.
    func atTheLid(locale: String = "ru") throws -> Journey {
        var journey = Journey(catalog: try Fixtures.loadReal(), locale: locale)
        journey.send(.start(kitCode: "mg-1"))
        journey.progress?.stagesCompleted["planting"] = journey.now
        journey.progress?.stagesStarted["planting"] = journey.now
        journey.progress?.position = .stageDone(stage: "planting")
        journey.advance(days: 2)
        journey.send(.continueProgram)
        #expect(journey.progress?.position == .step(stage: "sprouts", index: 0))
        return journey
    }

    func walk(choosing option: String?) throws -> [String] {
        var journey = try atTheLid()
        if let option { journey.send(.callback(payload: "c:sprouts.0.\(option)")) }
        var titles: [String] = []
        for _ in 0..<8 {
            guard let next = journey.buttons.first(where: { $0.payload.hasPrefix("n:sprouts.") || $0.payload.hasPrefix("s:sprouts.") }) else { break }
            journey.send(.callback(payload: next.payload))
            guard case .step(_, let index) = journey.progress?.position else { break }
            titles.append("\(index) " + (journey.lastText.components(separatedBy: "\n").first ?? ""))
        }
        return titles
    }

    @Test func eachAnswerLeadsToItsOwnSteps() throws {
        let good = try walk(choosing: "cracked")
        #expect(good.map { $0.prefix(1) } == ["1", "5"], "\(good)")
        #expect(good.first?.contains("шаг 2 из 3") == true, "counted among the steps that show: \(good)")
        let nothing = try walk(choosing: "no-change")
        #expect(nothing.map { $0.prefix(1) } == ["2", "5"], "\(nothing)")
        let mould = try walk(choosing: "mould")
        #expect(mould.map { $0.prefix(1) } == ["3", "4", "5"], "\(mould)")
        #expect(mould.first?.contains("шаг 2 из 4") == true)
        let fuzz = try walk(choosing: "white-fuzz")
        #expect(fuzz.map { $0.prefix(1) } == ["3", "5"], "\(fuzz)")
        // A user who skips the question sees no branch at all
        let skipped = try walk(choosing: nil)
        #expect(skipped.map { $0.prefix(1) } == ["5"], "\(skipped)")
    }

    @Test func beforeTheAnswerTheHeaderCountsTheLongestBranch() throws {
        var journey = try atTheLid()
        #expect(journey.lastText.contains("шаг 1 из 4"), "lid, mould check, discard, noticing: \(journey.lastText)")
        journey.send(.callback(payload: "c:sprouts.0.cracked"))
        #expect(journey.lastText.contains("шаг 1 из 3"), "\(journey.lastText)")
        // Basil: one step shows before the answer, three after "loops"
        var basil = Journey(catalog: try Fixtures.loadReal(), locale: "en")
        basil.send(.start(kitCode: "bs-1"))
        basil.progress?.stagesCompleted["planting"] = basil.now
        basil.progress?.stagesStarted["planting"] = basil.now
        basil.progress?.position = .stageDone(stage: "planting")
        basil.advance(days: 6)
        basil.send(.continueProgram)
        #expect(basil.lastText.contains("step 1 of 3"), "\(basil.lastText)")
    }

    @Test func backPassesOverTheBranchesNotTakenAndAChangedAnswerChangesTheWay() throws {
        var journey = try atTheLid()
        journey.send(.callback(payload: "c:sprouts.0.no-change"))
        journey.send(.callback(payload: "n:sprouts.0"))
        journey.send(.callback(payload: "n:sprouts.2"))
        #expect(journey.progress?.position == .step(stage: "sprouts", index: 5))
        journey.send(.callback(payload: "b:sprouts.5"))
        #expect(journey.progress?.position == .step(stage: "sprouts", index: 2))
        journey.send(.callback(payload: "b:sprouts.2"))
        #expect(journey.progress?.position == .step(stage: "sprouts", index: 0))
        // The user looks again and sees mould after all
        journey.send(.callback(payload: "c:sprouts.0.mould"))
        journey.send(.callback(payload: "n:sprouts.0"))
        #expect(journey.progress?.position == .step(stage: "sprouts", index: 3))
        #expect(journey.lastText.contains("Плесень"))
        // A hidden branch's button (an old or forged press) changes nothing
        let before = journey.progress
        for payload in ["n:sprouts.2", "n:sprouts.1", "b:sprouts.2"] {
            journey.send(.callback(payload: payload))
            #expect(journey.last.rejected && journey.progress == before, "\(payload)")
        }
    }

    @Test(arguments: ["ru", "en"])
    func theMouldBranchSaysWhenTheWholeTrayMustGo(locale: String) throws {
        let texts = try #require(try Fixtures.loadReal().program(id: "microgreens")?.texts[locale]?.stages["sprouts"]?.steps)
        let check = try #require(texts["mould-check"]?.text), discard = try #require(texts["mould-discard"]?.text)
        if locale == "ru" {
            #expect(check.contains("белая или сероватая паутина") && check.contains("Корневые волоски"))
            #expect(discard.contains("сомневаешься — выбрасывай") && discard.contains("слизкие") && discard.contains("розовая"))
        } else {
            #expect(check.contains("white or greyish web") && check.contains("Root hairs"))
            #expect(discard.contains("when in doubt, throw it out") && discard.contains("slimy") && discard.contains("pink"))
        }
        let roots = texts["roots-first"]?.text ?? ""
        #expect(roots.contains(locale == "ru" ? "серая паутинка" : "grey web") == false, "mould is white, not a grey web")
    }

    @Test(arguments: ["ru", "en"])
    func basilHasAnHonestStepForNothingSproutedAndNoLoopsToWatchWhenThereAreNone(locale: String) throws {
        let catalog = try Fixtures.loadReal()
        let basil = try #require(catalog.program(id: "basil"))
        let sprouts = try #require(basil.stage("sprouts"))
        let notYet = sprouts.shownIndices(choices: ["sprouts.look-in": "not-yet"]).map { sprouts.steps[$0].id }
        #expect(notYet == ["look-in", "nothing-yet"], "no 'into the light' for seedlings that are not there")
        let loops = sprouts.shownIndices(choices: ["sprouts.look-in": "loops"]).map { sprouts.steps[$0].id }
        #expect(loops == ["look-in", "to-light", "notice"])
        let mould = sprouts.shownIndices(choices: ["sprouts.look-in": "mould"]).map { sprouts.steps[$0].id }
        #expect(mould == ["look-in", "mould"])
        let mouldText = try #require(basil.texts[locale]?.stages["sprouts"]?.steps["mould"]?.text)
        #expect(mouldText.contains(locale == "ru" ? "не ешь" : "don’t eat"), "a discard rule for food")
        let text = try #require(basil.texts[locale]?.stages["sprouts"]?.steps["nothing-yet"]?.text)
        #expect(text.contains("14") && text.contains(locale == "ru" ? "плесень" : "mould"))
    }
}
