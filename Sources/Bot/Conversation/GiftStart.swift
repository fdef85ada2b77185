import Foundation
import Program

/// `/start gift-<code>`: a friend opening an invite. A good code starts the chosen journey with
/// the usual onboarding and a word that a friend gave it (never who: the friend knows from the
/// chat the link came in, and a forwarded link must not show the gifter's name to strangers).
/// A used, expired, unknown or forged code gets a kind word and the ordinary start; someone in
/// the middle of a journey keeps it, and the code stays unused for someone else.
extension Conversation {
    func giftStart(code: String, user: UserRecord, now: Date) -> Decision {
        let invite = giftFacts.opened?.code == code ? giftFacts.opened?.invite : nil
        let status = user.progress.flatMap(ProgressCoding.decode)?.status
        let midJourney = status != nil && status != .completed
        var decision: Decision
        switch Self.giftState(invite, code: code, friend: user.id, now: now) {
        case .own:
            decision = ordinaryStart(noting: "gift_own_link", user: user, now: now)
        case .unknown where midJourney, .expired where midJourney, .used where midJourney:
            // "You can begin right here" would not fit someone already on their way.
            decision = ordinaryStart(noting: "gift_link_spent_mid_journey", user: user, now: now)
        case .unknown:
            decision = ordinaryStart(noting: "gift_unknown", user: user, now: now)
        case .expired:
            decision = ordinaryStart(noting: "gift_expired", user: user, now: now)
        case .used:
            decision = ordinaryStart(noting: "gift_used", user: user, now: now)
        case .available(let invite) where midJourney:
            decision = ordinaryStart(noting: "gift_mid_journey", user: user, now: now)
            decision.gifts.opened = invite.code
        case .available(let invite):
            decision = giftedStart(invite, user: user, now: now)
            decision.gifts.opened = invite.code
        }
        decision.events.append(AnalyticsEvent(kind: "gift_opened", detail: Self.giftState(invite, code: code, friend: user.id, now: now).name))
        return decision
    }

    enum GiftState {
        case own, unknown, expired, used
        case available(GiftInvite)

        var name: String {
            switch self {
            case .own: "own"
            case .unknown: "unknown"
            case .expired: "expired"
            case .used: "used"
            case .available: "available"
            }
        }
    }

    static func giftState(_ invite: GiftInvite?, code: String, friend: Int64, now: Date) -> GiftState {
        guard GiftCode.isWellFormed(code), let invite, invite.code == code else { return .unknown }
        if invite.gifterID == friend { return .own }
        if invite.expiresAt <= now { return .expired }
        if invite.uses >= invite.maxUses { return .used }
        return .available(invite)
    }

    /// The journey the invite gives, begun as `/start` begins one; the code's use is taken only
    /// if a journey really began (someone who finished one may be offered it by the engine instead).
    private func giftedStart(_ invite: GiftInvite, user: UserRecord, now: Date) -> Decision {
        let kit: String? = switch invite.choice {
        case .program(let id): engine.catalog.program(id: id)?.kitPrefixes.first.map { "\($0)-gift" }
        case .taste: nil
        }
        let started = program(invite.choice == .taste ? .startTaste : .start(kitCode: kit), user: user, now: now)
        let activated = started.events.contains { $0.kind == "activated" }
        guard activated else {
            return startDecision(noting("gift_after_journey", started, user: user), user: user, now: now)
        }
        var decision = started
        if let kit, user.kitCode == nil { decision.user?.kitCode = kit }
        let welcome = invite.choice == .taste ? "gift_welcome_taste" : "gift_welcome"
        var notes = [strings.text(welcome, user.locale, ["program": giftTitle(invite.choice, locale: user.locale)])]
        if invite.choice == .taste {
            notes.append(strings.text(shopURL == nil ? "gift_taste_no_shop" : "gift_taste", user.locale, ["stages": tasteStages(user.locale)]))
        }
        let keyboard = invite.choice == .taste ? shopURL.map { [[Button.link(strings.text("gift_shop_button", user.locale), url: $0.absoluteString)]] } : nil
        decision.actions.insert(.message(text: notes.joined(separator: "\n\n"), keyboard: keyboard), at: 0)
        decision = startDecision(decision, user: user, now: now)
        decision.events.append(AnalyticsEvent(kind: "gift_redeemed", programID: decision.user.flatMap { $0.progress }
            .flatMap(ProgressCoding.decode)?.programID, detail: invite.choice.stored))
        let refused = ordinaryStart(noting: "gift_used", user: user, now: now)
        decision.gifts.redemption = GiftRedemption(code: invite.code, friendID: user.id, refused: refused)
        return decision
    }

    /// "Planting, Sprouts": the stages a taste gives, from the program's data.
    func tasteStages(_ locale: String) -> String {
        engine.tasteStageTitles(locale: locale).joined(separator: ", ")
    }

    /// A kind word first, then `/start` as without a code.
    private func ordinaryStart(noting key: String, user: UserRecord, now: Date) -> Decision {
        startDecision(noting(key, program(.start(kitCode: nil), user: user, now: now), user: user), user: user, now: now)
    }

    private func noting(_ key: String, _ decision: Decision, user: UserRecord) -> Decision {
        var decision = decision
        decision.actions.insert(.message(text: strings.text(key, user.locale), keyboard: nil), at: 0)
        return decision
    }

    /// What `/start` adds to any start: the onboarding questions, and the right to begin again after an erasure.
    func startDecision(_ decision: Decision, user: UserRecord, now: Date) -> Decision {
        var decision = addingReminderOnboarding(to: decision, wasStarted: user.progress != nil, now: now)
        decision.startsJourney = true
        return decision
    }
}
