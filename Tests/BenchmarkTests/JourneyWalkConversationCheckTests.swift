import Foundation
import Testing
@testable import SogretoBench
@testable import TelegramEmulator
import Bot
import Program

/// The conversation features' checks on made-up steps: each broken promise becomes a finding,
/// and the same step keeping it does not.
struct JourneyWalkConversationCheckTests {
    static let content = Result { try WalkContent.load(assets: JourneyWalkTests.assets) }
    let start = Date(timeIntervalSince1970: 1_788_000_000)

    private func walk() throws -> JourneyWalk {
        let walk = JourneyWalk(seed: 7, steps: 2, assets: JourneyWalkTests.assets)
        walk.user = SimulatedUser(id: 42, firstName: "Mira", languageCode: "en")
        walk.content = try Self.content.get()
        return walk
    }

    /// A microgreens journey, started and then changed by `change`.
    private func snapshot(_ change: (inout UserProgress) -> Void = { _ in }) throws -> Snapshot {
        let context = ProgramContext(now: start, timeZone: .gmt, locale: "en", userName: "Mira", photoCount: 0)
        var progress = try #require(try Self.content.get().engine.handle(.start(kitCode: "mg-2026-1"), progress: nil, context: context).progress)
        change(&progress)
        var record = UserRecord(id: 42, firstName: "Mira", languageCode: "en", locale: "en", now: start)
        record.timezone = "UTC"
        return Snapshot(record: record, progress: progress, photoIDs: [])
    }

    private func message(_ id: Int, _ text: String, buttons: [String] = []) -> BotMessage {
        BotMessage(messageID: id, chatID: 42, isFromBot: true, kind: .text, mediaKind: .text, text: StageTexts.plain(text), html: nil, parseMode: nil,
                   caption: nil, entities: [], buttons: [buttons.map { InlineButton(text: "·", callbackData: $0) }], fileID: nil,
                   fileName: nil, mimeType: nil, duration: nil, performer: nil, title: nil, width: nil, height: nil,
                   mediaGroupID: nil, isEdited: false, date: start, editDate: nil)
    }

    private func step(_ action: WalkAction, before: Snapshot, after: Snapshot, new: [BotMessage] = [], edited: [BotMessage] = [],
                      answers: [CallbackAnswer]? = nil) -> StepContext {
        var step = StepContext(index: 5, action: action, before: before, after: after, new: new, edited: edited, requests: [],
                               callbackAnswers: answers, settled: true)
        step.actedAt = start.addingTimeInterval(60)
        step.settledAt = start.addingTimeInterval(61)
        step.rewrittenIDs = Set(edited.map(\.messageID))
        return step
    }

    private func texts() throws -> ProgramTexts {
        try #require(try Self.content.get().catalog.program(id: "microgreens")?.texts["en"])
    }

    @Test func aWhyShowsOnlyOnTheStepItWasPressedOnInPlace() throws {
        let texts = try texts()
        let sowing = try #require(texts.stages["planting"]?.steps["sowing"])
        let watering = try #require(texts.stages["planting"]?.steps["watering"])
        let onSowing = try snapshot { $0.position = .step(stage: "planting", index: 1) }
        let explained = message(12, sowing.text + "\n\n" + (sowing.why ?? ""))
        let ok = CallbackAnswer(text: nil, showAlert: false, url: nil, cacheTime: nil)
        // The promise kept: the pressed message now explains its own step
        let walk = try walk()
        walk.checkConversation(step(.press(messageID: 12, data: "p:wy:planting.1", stale: false), before: onSowing, after: onSowing,
                                    edited: [explained], answers: [ok]))
        #expect(walk.findings.isEmpty, "\(walk.findings)")
        // Broken: another step's explanation, a new message instead of the edit, a stale press acting
        walk.checkConversation(step(.press(messageID: 12, data: "p:wy:planting.1", stale: false), before: onSowing, after: onSowing,
                                    edited: [message(12, watering.text + "\n\n" + (watering.why ?? ""))], answers: [ok]))
        walk.checkConversation(step(.press(messageID: 12, data: "p:wy:planting.1", stale: false), before: onSowing, after: onSowing,
                                    new: [message(13, explained.text ?? "")], answers: [ok]))
        let passed = try snapshot { $0.position = .step(stage: "planting", index: 2) }
        walk.checkConversation(step(.press(messageID: 12, data: "p:wy:planting.1", stale: true), before: passed, after: passed,
                                    edited: [explained], answers: [ok]))
        #expect(walk.findings.map(\.invariant) == [.why, .why, .why, .why, .why, .why], "\(walk.findings)")
    }

    @Test func aMicroPracticesAnswerOffItsDayIsStaleAndAsksNothing() throws {
        let texts = try texts()
        let guess = try #require(texts.micro["guess"]?.question)
        // Planting done at the start: day 0 now, "guess" is on day 1
        let planted = try snapshot { progress in
            progress.stagesCompleted["planting"] = start
            progress.stagesStarted["planting"] = start
            progress.position = .stageDone(stage: "planting")
        }
        let walk = try walk()
        let notice = try #require(walk.staleNotice("en"))
        let stale = CallbackAnswer(text: notice, showAlert: false, url: nil, cacheTime: nil)
        walk.checkConversation(step(.press(messageID: 9, data: "p:ra:guess", stale: true), before: planted, after: planted, answers: [stale]))
        #expect(walk.findings.isEmpty, "\(walk.findings)")
        // A wrong-day question, and what the bot awaits changed
        var awaiting = planted
        awaiting.progress?.awaitingText = .reflection(id: "guess")
        walk.checkConversation(step(.press(messageID: 9, data: "p:ra:guess", stale: true), before: planted, after: awaiting,
                                    new: [message(10, "<i>" + guess + "</i>")], answers: [stale]))
        #expect(walk.findings.map(\.invariant) == [.microAnswer, .microAnswer], "\(walk.findings)")
    }

    @Test func aReplacedMicroQuestionsAnswerMayNameOnlyTheOpenOne() throws {
        let texts = try texts()
        let guess = try #require(texts.micro["guess"]?.question)
        let next = try #require(texts.micro["mist-breath"]?.question)
        // Planting done three days ago: day 3, "mist-breath" has replaced day 1's "guess"
        let planted = try snapshot { progress in
            progress.stagesCompleted["planting"] = start.addingTimeInterval(-3 * 86_400)
            progress.stagesStarted["planting"] = start.addingTimeInterval(-3 * 86_400)
            progress.position = .stageDone(stage: "planting")
        }
        let walk = try walk()
        let ok = CallbackAnswer(text: nil, showAlert: false, url: nil, cacheTime: nil)
        walk.checkConversation(step(.press(messageID: 9, data: "p:ra:guess", stale: true), before: planted, after: planted,
                                    new: [message(20, "That question has been replaced. Open now:\n\n" + next, buttons: ["p:ra:mist-breath"])],
                                    answers: [ok]))
        #expect(walk.findings.isEmpty, "\(walk.findings)")
        // Broken: the replaced question asked again
        walk.checkConversation(step(.press(messageID: 9, data: "p:ra:guess", stale: true), before: planted, after: planted,
                                    new: [message(21, guess, buttons: ["p:l"])], answers: [ok]))
        #expect(walk.findings.map(\.invariant) == [.microAnswer, .microAnswer], "\(walk.findings)")
    }

    @Test func wordsAreStoredOnlyWhereTheyWereAskedFor() throws {
        let walk = try walk()
        let before = try snapshot { $0.position = .step(stage: "planting", index: 3); $0.awaitingText = .answer(stage: "planting", step: "intention") }
        let saved = message(20, "Saved ✓\n\nQuiet mornings\nIf you’d like to put it differently, just write again.")
        var after = before
        after.progress?.answers["planting.intention"] = "Quiet mornings"
        walk.checkConversation(step(.text("  Quiet mornings "), before: before, after: after, new: [saved]))
        #expect(walk.findings.isEmpty, "\(walk.findings)")
        // A reflection nobody asked for, an answer under another question, words stored by a command
        var stray = before
        stray.progress?.reflections = ["guess": "Quiet mornings"]
        walk.checkConversation(step(.text("Quiet mornings"), before: before, after: stray, new: [saved]))
        var elsewhere = before
        elsewhere.progress?.answers["sprouts.notice"] = "Quiet mornings"
        walk.checkConversation(step(.text("Quiet mornings"), before: before, after: elsewhere, new: [saved]))
        walk.checkConversation(step(.command("/status"), before: before, after: after))
        #expect(walk.findings.map(\.invariant) == [.ownWords, .ownWords, .ownWords], "\(walk.findings)")
    }

    @Test func aBranchsTextShowsOnlyForItsAnswer() throws {
        let texts = try texts()
        let discard = try #require(texts.stages["sprouts"]?.steps["mould-discard"]?.text)
        let check = try #require(texts.stages["sprouts"]?.steps["mould-check"]?.text)
        let fuzz = try snapshot { $0.position = .step(stage: "sprouts", index: 0); $0.choices["sprouts.lift-lid"] = "white-fuzz" }
        var onCheck = fuzz
        onCheck.progress?.position = .step(stage: "sprouts", index: 3)
        let walk = try walk()
        walk.checkConversation(step(.press(messageID: 30, data: "p:n:sprouts.0", stale: false), before: fuzz, after: onCheck,
                                    new: [message(31, check)]))
        #expect(walk.findings.isEmpty, "\(walk.findings)")
        // "When the tray goes" is for mould only; Next that opens another step than the answer's
        walk.checkConversation(step(.press(messageID: 30, data: "p:n:sprouts.0", stale: false), before: fuzz, after: onCheck,
                                    new: [message(31, discard)]))
        var wrong = fuzz
        wrong.progress?.position = .step(stage: "sprouts", index: 1)
        walk.checkConversation(step(.press(messageID: 30, data: "p:n:sprouts.0", stale: false), before: fuzz, after: wrong,
                                    new: [message(31, check)]))
        #expect(walk.findings.map(\.invariant) == [.branch, .branch, .branch], "\(walk.findings)")
    }

    @Test func startingOverKeepsTheJourneyLeftBehind() throws {
        let before = try snapshot { $0.wish = "Quiet mornings"; $0.manifesto = "My manifesto" }
        var kept = try snapshot()
        kept.progress?.startedAt = start.addingTimeInterval(3_600)
        let walk = try walk()
        // Lost: the new journey has no earlier one
        walk.checkConversation(step(.press(messageID: 40, data: "p:y", stale: false), before: before, after: kept))
        #expect(walk.findings.map(\.invariant) == [.earlierJourneys], "\(walk.findings)")
    }
}

/// Seeds 314 and 455: Continue on an old message opened the basil manifesto, whose stage is
/// complete as soon as it opens; Continue may do that, any other old button may not.
struct JourneyWalkContinueCheckTests {
    @Test func continueOnAnOldMessageMayOpenTheManifestoButNoOtherOldButtonMay() throws {
        let walk = JourneyWalk(seed: 7, steps: 2, assets: JourneyWalkTests.assets)
        walk.user = SimulatedUser(id: 42, firstName: "Mira", languageCode: "en")
        walk.content = try JourneyWalkConversationCheckTests.content.get()
        let start = Date(timeIntervalSince1970: 1_788_000_000)
        let context = ProgramContext(now: start, timeZone: .gmt, locale: "en", userName: "Mira", photoCount: 0)
        let progress = try #require(try JourneyWalkConversationCheckTests.content.get().engine
            .handle(.start(kitCode: "bs-2026-1"), progress: nil, context: context).progress)
        let record = UserRecord(id: 42, firstName: "Mira", languageCode: "en", locale: "en", now: start)
        let before = Snapshot(record: record, progress: progress, photoIDs: [])
        var after = before
        after.progress?.stagesCompleted["manifesto"] = start
        after.progress?.position = .nps
        for (data, findings) in [("p:k", 0), ("p:n:harvest.4", 1)] {
            walk.findings = []
            walk.checkStaleButton(StepContext(index: 3, action: .press(messageID: 5, data: data, stale: true), before: before,
                                              after: after, new: [], edited: [], requests: [], callbackAnswers: nil, settled: true))
            #expect(walk.findings.count == findings, "\(data): \(walk.findings)")
        }
    }
}
