import Audio
import Foundation
import Program
import Testing
import TestSupport
@testable import Bot

/// An experiment on a narrated practice (the first planting step, which has a recording): a
/// reader reads their variant, a listener hears the control's recording and counts in no
/// variant, and an admin who listens but previews b reads b, as b's counted users do.
@Suite struct NarratedExperimentTests {
    static let mark = "🌱 "
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let admin: Int64 = 5000

    let conversation: Conversation
    let catalog: ProgramCatalog

    init() throws {
        let assets = try VariantAssets.copy(of: assetsDirectory)
        try VariantAssets.declare(#"{ "id": "tray", "texts": ["stages.planting.steps.prepare-tray.text"], "variants": {"a": 1, "b": 1}, "metric": "next-step" }"#,
                                  program: "microgreens", in: assets)
        for locale in ["ru", "en"] {
            try VariantAssets.vary(assets.appendingPathComponent("programs/microgreens/\(locale).json"), after: [#""prepare-tray": {"#],
                                   key: "text", mark: Self.mark)
        }
        catalog = try ProgramCatalog.load(from: assets.appendingPathComponent("programs"), uiStrings: assets.appendingPathComponent("locales"))
        let audio = try temporaryDirectory()
        try AudioManifest(tracks: [AudioChoiceTests.entry(step: "prepare-tray", title: "Посадка · Готовим лоток", seconds: 184)])
            .write(to: audio.appendingPathComponent("manifest.json"))
        let narrations = NarrationLibrary(catalog: try AudioCatalog.load(from: audio.appendingPathComponent("manifest.json")))
        conversation = Conversation(strings: try loadStrings(), engine: ProgramEngine(catalog: catalog), supportContact: nil,
                                    narrations: narrations, adminIDs: [Self.admin])
    }

    func board(preview: String? = nil) -> ExperimentBoard {
        ExperimentBoard(experiments: catalog.experiments,
                        decisions: [ExperimentDecision(experimentID: "tray", status: .running, changedAt: Self.now)],
                        overrides: preview.map { [ExperimentOverride(userID: Self.admin, experimentID: "tray", variant: $0)] } ?? [],
                        adminIDs: [Self.admin])
    }

    /// The first step as `id` (who chose `narration`) gets it, with the decision's events.
    func firstStep(_ id: Int64, narration: String, board: ExperimentBoard) throws -> (OutboxAction, [AnalyticsEvent]) {
        var user = try #require(conversation.decide(Updates.text("/start", from: id), user: nil, admission: .allowed, now: Self.now,
                                                    photoDiary: .empty, adminFigures: nil, experiments: board).user)
        user.narration = narration
        user.conversation = nil
        let message = Message(messageID: 7, from: nil, chat: Chat(id: id, type: "private"), date: 0, text: "…")
        let press = Update(updateID: 9, callbackQuery: CallbackQuery(id: "q", from: Updates.user(id), message: message, data: "p:k"))
        let decision = conversation.decide(press, user: user, admission: .allowed, now: Self.now, photoDiary: .empty, adminFigures: nil,
                                           experiments: board)
        let step = try #require(decision.actions.first { action in
            switch action {
            case .audio: return true
            case .message(let text, _): return text.contains("Готовим")
            default: return false
            }
        })
        return (step, decision.events.filter { $0.kind.hasPrefix(ExposureEvent.kind) })
    }

    func user(gets variant: String) throws -> Int64 {
        let tray = try #require(catalog.experiment(id: "tray"))
        return try #require((Int64(100)...Int64(200)).first { VariantAssignment.variant(of: $0, in: tray) == variant })
    }

    @Test func aReaderReadsTheirVariantAndIsExposed() throws {
        let (step, events) = try firstStep(try user(gets: "b"), narration: "text", board: board())
        guard case .message(let text, _) = step else { Issue.record("expected the text"); return }
        #expect(text.contains(Self.mark))
        #expect(events == [ExposureEvent.make(experimentID: "tray", programID: "microgreens", variant: "b")])
    }

    @Test func aListenerHearsTheControlsRecordingAndCountsInNoVariant() throws {
        let id = try user(gets: "b")
        let (step, events) = try firstStep(id, narration: "audio", board: board())
        guard case .audio = step else { Issue.record("expected the recording"); return }
        #expect(!events.contains { $0.kind == ExposureEvent.kind }, "\(events)")
        // Read instead: the control's text (what the recording says), still no exposure to b
        var user = try #require(conversation.decide(Updates.text("/start", from: id), user: nil, admission: .allowed, now: Self.now).user)
        user.narration = "audio"
        let message = Message(messageID: 8, from: nil, chat: Chat(id: id, type: "private"), date: 0, text: "…")
        let read = Update(updateID: 10, callbackQuery: CallbackQuery(id: "r", from: Updates.user(id), message: message,
                                                                     data: "au:r:s.planting.prepare-tray"))
        let opened = try #require(conversation.decide(Update(updateID: 9, callbackQuery: CallbackQuery(
            id: "q", from: Updates.user(id), message: message, data: "p:k")), user: user, admission: .allowed, now: Self.now).user)
        let decision = conversation.decide(read, user: opened, admission: .allowed, now: Self.now, photoDiary: .empty, adminFigures: nil,
                                           experiments: board())
        let text = decision.actions.compactMap { action -> String? in if case .message(let text, _) = action { return text } else { return nil } }
        #expect(text.count == 1 && !(text.first ?? "").contains(Self.mark), "\(text)")
        #expect(decision.events == [ExposureEvent.keptOut(experimentID: "tray", programID: "microgreens", variant: "b")])
    }

    @Test func anAdminWhoListensPreviewingBReadsBAsItsUsersDo() throws {
        let (step, events) = try firstStep(Self.admin, narration: "audio", board: board(preview: "b"))
        guard case .message(let text, _) = step else { Issue.record("expected the text, as b's users read it"); return }
        #expect(text.contains(Self.mark))
        #expect(events.isEmpty)
        // Without a preview the admin listens as they chose
        let (plain, _) = try firstStep(Self.admin, narration: "audio", board: board())
        guard case .audio = plain else { Issue.record("expected the recording"); return }
    }
}
