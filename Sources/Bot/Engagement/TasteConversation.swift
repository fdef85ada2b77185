import Foundation
import Program

/// A gifted taste in the conversation: at its end (and whenever the user asks to go on) a kind
/// invitation to get a kit, with the shop link (`SOGRETO_SHOP_URL`, as the next-kit offer uses);
/// a kit code typed later continues the journey, and a word says so.
extension Conversation {
    func addingTasteInvitation(to decision: Decision, result: EngineResult, user: UserRecord) -> Decision {
        var decision = decision
        let locale = decision.user?.locale ?? user.locale
        if result.events.contains(where: { if case .tasteKitEntered = $0 { true } else { false } }) {
            decision.actions.insert(.message(text: strings.text("gift_taste_kit_entered", locale), keyboard: nil), at: 0)
        }
        if result.tasteOver {
            let keyboard = shopURL.map { [[Button.link(strings.text("gift_shop_button", locale), url: $0.absoluteString)]] }
            decision.actions.append(.message(text: strings.text("gift_taste_over", locale, ["stages": tasteStages(locale)]), keyboard: keyboard))
        }
        return decision
    }
}
