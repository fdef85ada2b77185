import TestSupport
import Audio
import Foundation
import Program
import Testing
@testable import Bot

/// "Why?" on a step that has a recording: the explanation is read, not heard, so the message
/// that now explains loses its "🎧 Listen" button (and its own "Why?").
@Suite struct WhyAudioTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func theExplainedStepHasNoListenButton() throws {
        // Given a reader on the sowing step, which has a recording and a "why"
        let directory = try temporaryDirectory()
        var entry = AudioManifest.Entry(track: AudioTrack(
            program: "microgreens", locale: "ru", target: .step(stage: "planting", step: "sowing"),
            file: "generated/microgreens/ru/planting.sowing.mp3", url: URL(fileURLWithPath: "/unused"), title: "Посадка · Сеем",
            narrator: "test", durationSeconds: 120, sha256: String(repeating: "ab", count: 32)))
        entry.source = nil
        try AudioManifest(tracks: [entry]).write(to: directory.appendingPathComponent("manifest.json"))
        let catalog = try AudioCatalog.load(from: directory.appendingPathComponent("manifest.json"))
        let conversation = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: nil,
                                        narrations: NarrationLibrary(catalog: catalog))
        func press(_ data: String, _ user: UserRecord) -> Decision {
            let message = Message(messageID: 7, from: nil, chat: Chat(id: user.id, type: "private"), date: 0, text: "…")
            let update = Update(updateID: 9, callbackQuery: CallbackQuery(id: "q", from: Updates.user(user.id), message: message, data: data))
            return conversation.decide(update, user: user, admission: .allowed, now: now)
        }
        var user = try #require(conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        user.narration = "text"
        user.conversation = nil
        user = try #require(press("p:k", user).user)
        let sowing = press("p:n:planting.0", user)
        user = try #require(sowing.user)
        let shown = sowing.actions.flatMap(AudioChoiceTests.buttons).map(\.data)
        let whyData = try #require(shown.first { $0.hasPrefix("p:wy:planting.1.") }, "\(shown)")
        #expect(shown.contains("au:l:s.planting.sowing"), "\(shown)")

        // When they press "Why?"
        let why = press(whyData, user)

        // Then the same message explains, with the step's buttons and neither "Listen" nor "Why?"
        guard case .editText(7, let text, _)? = why.actions.dropFirst().first, why.actions.count == 2 else {
            Issue.record("\(why.actions)"); return
        }
        #expect(text.contains("фунгицид"))
        let buttons = why.actions.flatMap(AudioChoiceTests.buttons).map(\.data)
        #expect(buttons.contains("p:n:planting.1"))
        #expect(!buttons.contains { $0.hasPrefix("au:") } && !buttons.contains { $0.hasPrefix("p:wy:") }, "\(buttons)")
    }
}
