import Foundation
import Program

/// Gifting seeds: `/gift` (and the offer at the harvest and at the end) asks which journey to
/// give, a choice (`gf:p:<program>` or `gf:t`) makes an invite, and the gifter gets a message
/// whose button opens Telegram's share page with the invite link. Buttons: `gf:o` opens the choice.
extension Conversation {
    static let giftPrefix = "gf:"

    /// The conversation deciding with what the processor read about gifts for one update.
    func knowing(_ facts: GiftFacts) -> Conversation {
        var copy = self
        copy.giftFacts = facts
        return copy
    }

    /// The gift kinds the choice offers: the catalog's programs in order, then a taste.
    var giftChoices: [GiftChoice] {
        engine.catalog.programs.map { GiftChoice.program($0.id) } + [.taste]
    }

    func giftCommand(user: UserRecord) -> Decision {
        guard gifting.botUsername != nil else { return reply("gift_unavailable", to: user) }
        let rows = giftChoices.map { choice in [Button(giftTitle(choice, locale: user.locale), Self.giftPrefix + giftData(choice))] }
        return reply("gift_choose", to: user, keyboard: rows)
    }

    func giftCallback(_ data: String, user: UserRecord, answer: OutboxAction, queryID: String, source: Int?, now: Date) -> Decision {
        if data == "o" {
            var decision = giftCommand(user: user)
            decision.actions.insert(answer, at: 0)
            return decision
        }
        guard let choice = giftChoice(fromData: data), giftChoices.contains(choice) else {
            return Decision(user: user, actions: [staleAnswer(queryID, user)])
        }
        if let open = giftFacts.openInvites, open >= gifting.maxOpenInvites {
            return Decision(user: user, actions: [answer, .message(text: strings.text("gift_limit", user.locale, ["count": String(open)]),
                                                                   keyboard: nil)])
        }
        guard let invite = giftFacts.freshCode.flatMap({ gifting.invite(code: $0) }), let code = giftFacts.freshCode else {
            return Decision(user: user, actions: [answer, .message(text: strings.text("gift_unavailable", user.locale), keyboard: nil)])
        }
        let title = giftTitle(choice, locale: user.locale)
        let share = GiftSettings.shareURL(invite: invite, text: strings.text(choice == .taste ? "gift_share_text_taste" : "gift_share_text",
                                                                             user.locale, ["program": title]))
        let uses = gifting.maxUses == 1 ? strings.text("gift_ready_once", user.locale, ["days": String(gifting.validDays)])
            : strings.text("gift_ready_many", user.locale, ["uses": String(gifting.maxUses), "days": String(gifting.validDays)])
        let text = strings.text("gift_ready", user.locale, ["program": title, "link": invite, "uses": uses])
        var decision = Decision(user: user, actions: [answer], events: [AnalyticsEvent(kind: "gift_invited", detail: choice.stored)])
        // The choice is made once: its buttons go, so a second press is "already done".
        if let source { decision.actions.append(.editKeyboard(messageID: source, keyboard: nil)) }
        decision.actions.append(.message(text: text, keyboard: [[Button.link(strings.text("gift_share_button", user.locale), url: share)]]))
        decision.gifts.invites = [NewGiftInvite(code: code, gifterID: user.id, choice: choice, maxUses: gifting.maxUses,
                                                expiresAt: Date(timeInterval: TimeInterval(gifting.validDays) * 86_400, since: now))]
        return decision
    }

    private func giftData(_ choice: GiftChoice) -> String {
        switch choice {
        case .program(let id): "p:" + id
        case .taste: "t"
        }
    }

    private func giftChoice(fromData data: String) -> GiftChoice? {
        if data == "t" { return .taste }
        guard data.hasPrefix("p:") else { return nil }
        return .program(String(data.dropFirst(2)))
    }

    /// "Microgreens", "Basil" (the program's title in the user's language), or "A taste".
    func giftTitle(_ choice: GiftChoice, locale: String) -> String {
        switch choice {
        case .program(let id):
            let program = engine.catalog.program(id: id)
            return program?.texts[locale]?.title ?? program?.texts[ProgramCatalog.baseLocale]?.title ?? id
        case .taste:
            return strings.text("gift_taste_title", locale)
        }
    }

    /// The offer after the harvest and at the end of the journey (and when the user picks "share
    /// the seeds" as their next step): one message with one button.
    func offeringGift(in decision: Decision, events: [ProgramEvent], user: UserRecord, choseToGiveSeeds: Bool = false) -> Decision {
        let moment = events.contains(.stageCompleted("harvest")) || events.contains(.manifestoRead) || choseToGiveSeeds
        guard gifting.botUsername != nil, moment else { return decision }
        var decision = decision
        decision.actions.append(.message(text: strings.text("gift_offer", user.locale),
                                         keyboard: [[Button(strings.text("gift_offer_button", user.locale), Self.giftPrefix + "o")]]))
        return decision
    }

    /// The content's choice option for sharing seeds (microgreens' next round), just picked.
    static let giveSeedsOption = "give-seeds"

    static func choseToGiveSeeds(before: UserProgress?, after: UserProgress?) -> Bool {
        guard let after else { return false }
        return after.choices.contains { key, option in option == giveSeedsOption && before?.choices[key] != giveSeedsOption }
    }

    /// A gifted friend's planting and completion, for the funnel and the gifter's one message.
    /// Every user's planting carries it: the store finds no invite for someone who was not gifted.
    func notingGiftMilestones(in decision: Decision, events: [ProgramEvent], user: UserRecord) -> Decision {
        var decision = decision
        if events.contains(.stageCompleted("planting")) {
            var notice: [String: OutboxAction] = [:]
            for locale in strings.locales { notice[locale] = .message(text: strings.text("gift_friend_planted", locale), keyboard: nil) }
            decision.gifts.milestones.append(GiftMilestone(kind: .planted, friendID: user.id, notice: notice))
        }
        if events.contains(.completed) {
            decision.gifts.milestones.append(GiftMilestone(kind: .completed, friendID: user.id))
        }
        return decision
    }
}

extension Button {
    /// A button that opens a URL (Telegram's share page, the shop) instead of sending data back.
    static func link(_ label: String, url: String) -> Button {
        var button = Button(label, "")
        button.url = url
        return button
    }
}
