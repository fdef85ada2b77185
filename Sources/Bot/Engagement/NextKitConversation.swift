import Foundation
import Program

/// The next kit in the conversation: a kit code typed as a message is taken as `/start <code>`
/// (what the kit's QR code sends), and the engine's decisions gain the offer of kits not grown
/// yet (with the closing words, and in /status after the journey) and a word when a new journey
/// begins after another one.
extension Conversation {
    var nextKitOffer: NextKitOffer {
        NextKitOffer(catalog: engine.catalog, strings: strings, shopURL: shopURL)
    }

    /// `/start <code>` for a message that is exactly a kit code of a known kit (`bs-2026-0042`),
    /// unless the bot waits for words (an answer, a reflection, a time zone): "mg-2" is then the answer.
    func typedKitCommand(_ text: String, user: UserRecord) -> Command? {
        guard user.awaiting == nil, user.progress.flatMap(ProgressCoding.decode)?.awaitingText == nil else { return nil }
        let code = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.isValidKitCode(code), engine.catalog.recognizesKitCode(code) else { return nil }
        return Command(text: "/start " + code)
    }

    /// The engine's decision with what the next kit adds to it.
    func addingNextKit(to decision: Decision, input: ProgramInput, result: EngineResult, user: UserRecord) -> Decision {
        var decision = decision
        let locale = decision.user?.locale ?? user.locale
        if result.events.contains(where: { if case .nextKitStarted = $0 { true } else { false } }) {
            decision.actions.insert(.message(text: strings.text("next_kit_started", locale), keyboard: nil), at: 0)
        }
        if result.events.contains(.manifestoRead), let offer = nextKitOffer.message(for: result.progress, locale: locale) {
            decision.actions.append(offer)
        }
        if input == .status, result.progress?.status == .completed,
           let offer = nextKitOffer.text(for: result.progress, locale: locale),
           // The status is the engine's first message (a card announced on the way follows it).
           let status = decision.actions.firstIndex(where: { if case .message = $0 { true } else { false } }),
           case .message(let text, let keyboard) = decision.actions[status] {
            decision.actions[status] = .message(text: text + "\n\n" + offer, keyboard: keyboard)
        }
        return decision
    }
}
