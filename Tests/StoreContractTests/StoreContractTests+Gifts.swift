import Foundation
import Testing
@testable import Bot

/// Gift invites on every engine: a use is taken atomically in the friend's update transaction
/// (racing friends: exactly one wins, the others' refusals are saved), the gifter hears once when
/// a friend plants, the funnel counts each step, and an erasure leaves only anonymous rows.
extension StoreContractTests {
    static let gifter: Int64 = 500

    /// An update by which user `gifter` makes an invite with `code`.
    static func makingInvite(_ code: String, updateID: Int64, maxUses: Int = 1, validFor: TimeInterval = 30 * 86_400,
                             choice: GiftChoice = .program("basil")) -> PendingUpdate {
        PendingUpdate(updateID: updateID, userID: gifter, chatID: gifter, apology: []) { stored, _ in
            var decision = Decision(user: stored ?? Fixtures.user(gifter), actions: [.message(text: "gift ready", keyboard: nil)])
            decision.gifts.invites = [NewGiftInvite(code: code, gifterID: gifter, choice: choice, maxUses: maxUses,
                                                    expiresAt: start.addingTimeInterval(validFor))]
            return decision
        }
    }

    /// An update by which `friend` starts on `code`, or, refused, gets "used" and a plain start.
    static func redeeming(_ code: String, friend: Int64, updateID: Int64) -> PendingUpdate {
        PendingUpdate(updateID: updateID, userID: friend, chatID: friend, apology: []) { _, _ in
            var refused = Decision(user: Fixtures.user(friend), actions: [.message(text: "used, plain start", keyboard: nil)])
            refused.startsJourney = true
            var decision = Decision(user: Fixtures.user(friend), actions: [.message(text: "gifted start", keyboard: nil)])
            decision.startsJourney = true
            decision.gifts.opened = code
            decision.gifts.redemption = GiftRedemption(code: code, friendID: friend, refused: refused)
            return decision
        }
    }

    /// An update in which `friend` completes planting (or the program).
    static func reaching(_ kind: GiftMilestone.Kind, friend: Int64, updateID: Int64) -> PendingUpdate {
        PendingUpdate(updateID: updateID, userID: friend, chatID: friend, apology: []) { stored, _ in
            var decision = Decision(user: stored ?? Fixtures.user(friend))
            let notice: [String: OutboxAction] = ["ru": .message(text: "друг посадил", keyboard: nil),
                                                  "en": .message(text: "your friend planted", keyboard: nil)]
            decision.gifts.milestones = [GiftMilestone(kind: kind, friendID: friend, notice: kind == .planted ? notice : [:])]
            return decision
        }
    }

    @Test(arguments: StoreFactories.all)
    func aSingleUseInviteStartsOneFriendAndTheNextGetsTheRefusal(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given an invite made by the gifter
        _ = try await store.apply(batch: [Self.makingInvite("abcdefghjkmn", updateID: 1)], now: Self.start)
        let invite = try #require(try await store.giftInvite("abcdefghjkmn"))
        #expect(invite == GiftInvite(code: "abcdefghjkmn", gifterID: Self.gifter, choice: .program("basil"), maxUses: 1, uses: 0,
                                     createdAt: Self.start, expiresAt: Self.start.addingTimeInterval(30 * 86_400)))
        #expect(try await store.giftInvite("nosuchcode22") == nil)
        // When a friend starts on it, then a second friend opens it
        _ = try await store.apply(batch: [Self.redeeming("abcdefghjkmn", friend: 601, updateID: 2)], now: Self.start.addingTimeInterval(60))
        _ = try await store.apply(batch: [Self.redeeming("abcdefghjkmn", friend: 602, updateID: 3)], now: Self.start.addingTimeInterval(120))
        // Then the first started, the second got the refusal (and a plain start), and the code is used up
        #expect(try await store.outboxRows(chatID: 601).map(\.text) == ["gifted start"])
        #expect(try await store.outboxRows(chatID: 602).map(\.text) == ["used, plain start"])
        #expect(try await store.giftInvite("abcdefghjkmn")?.uses == 1)
        let funnel = try await store.giftFunnel()
        #expect(funnel.total == GiftFunnel.Row(group: "all", sent: 1, opened: 1, started: 1, planted: 0, completed: 0))
        #expect(funnel.byGift.map(\.group) == ["basil"])
        // And only the friend who started is in the gifted cohort
        let report = try await store.funnelReport()
        #expect(report.gifts == funnel)
        let facts = try await store.funnelFacts()
        #expect(facts.filter(\.gifted).count == 1)
    }

    @Test(arguments: StoreFactories.all)
    func aGiftersOpenInvitesAreThoseNeitherUsedUpNorExpired(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given four invites by the gifter: one for two friends, one single-use, one good for an hour, one that will be used
        _ = try await store.apply(batch: [Self.makingInvite("opencodeaa22", updateID: 1, maxUses: 2),
                                          Self.makingInvite("opencodebb22", updateID: 2),
                                          Self.makingInvite("opencodecc22", updateID: 3, validFor: 3600),
                                          Self.makingInvite("opencodedd22", updateID: 4)], now: Self.start)
        #expect(try await store.openGiftInvites(gifterID: Self.gifter, now: Self.start) == 4)
        #expect(try await store.openGiftInvites(gifterID: 999, now: Self.start) == 0)
        // When a friend uses the single-use one, another takes one of the two uses, and the hour passes
        _ = try await store.apply(batch: [Self.redeeming("opencodedd22", friend: 601, updateID: 5)], now: Self.start.addingTimeInterval(60))
        _ = try await store.apply(batch: [Self.redeeming("opencodeaa22", friend: 602, updateID: 6)], now: Self.start.addingTimeInterval(60))
        // Then the used-up and the expired invites are no longer open; the half-used one still is
        #expect(try await store.openGiftInvites(gifterID: Self.gifter, now: Self.start.addingTimeInterval(60)) == 3)
        #expect(try await store.openGiftInvites(gifterID: Self.gifter, now: Self.start.addingTimeInterval(3600)) == 2)
        #expect(try await store.openGiftInvites(gifterID: Self.gifter, now: Self.start.addingTimeInterval(31 * 86_400)) == 0)
    }

    @Test(arguments: StoreFactories.all)
    func friendsRacingForTheLastUseExactlyOneWins(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        for round in 0..<3 {
            // Given a single-use invite (and, in the last round, one for two friends)
            let code = "racecode23" + ["ab", "cd", "ef"][round]
            let uses = round == 2 ? 2 : 1
            _ = try await store.apply(batch: [Self.makingInvite(code, updateID: Int64(100 * round + 1), maxUses: uses)], now: Self.start)
            // When six friends open it at the same moment, each update in its own transaction
            let friends = (1...6).map { Int64(1000 * (round + 1) + $0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, friend) in friends.enumerated() {
                    group.addTask {
                        _ = try await store.apply(batch: [Self.redeeming(code, friend: friend, updateID: Int64(100 * round + 10 + index))],
                                                  now: Self.start.addingTimeInterval(60))
                    }
                }
                try await group.waitForAll()
            }
            // Then exactly as many started as the code has uses; every other friend got the refusal
            var started = 0, refused = 0
            for friend in friends {
                let texts = try await store.outboxRows(chatID: friend).map(\.text)
                if texts == ["gifted start"] { started += 1 } else if texts == ["used, plain start"] { refused += 1 }
            }
            #expect(started == uses && refused == friends.count - uses, "round \(round)")
            #expect(try await store.giftInvite(code)?.uses == uses)
        }
        #expect(try await store.giftFunnel().total.started == 4)
    }

    @Test(arguments: StoreFactories.all)
    func anExpiredInviteAndTheGiftersOwnAreRefusedAtTheRedemption(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given an invite good for one hour
        _ = try await store.apply(batch: [Self.makingInvite("shortlived22", updateID: 1, validFor: 3600)], now: Self.start)
        // When a friend comes after it expired, and the gifter opens their own link
        _ = try await store.apply(batch: [Self.redeeming("shortlived22", friend: 601, updateID: 2)], now: Self.start.addingTimeInterval(3600))
        _ = try await store.apply(batch: [Self.redeeming("shortlived22", friend: Self.gifter, updateID: 3)], now: Self.start)
        // Then neither took a use
        #expect(try await store.outboxRows(chatID: 601).map(\.text) == ["used, plain start"])
        #expect(try await store.outboxRows(chatID: Self.gifter).map(\.text) == ["gift ready", "used, plain start"])
        #expect(try await store.giftInvite("shortlived22")?.uses == 0)
    }

    @Test(arguments: StoreFactories.all)
    func theGifterHearsOnceWhenTheFriendPlantsInTheirOwnLanguage(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given an English-speaking gifter whose friend started on their invite, and a user who came without one
        var english = Fixtures.user(Self.gifter)
        english.locale = "en"
        try await store.importUsers([english, Fixtures.user(700)], jobs: [], now: Self.start)
        _ = try await store.apply(batch: [Self.makingInvite("plantedcode2", updateID: 1)], now: Self.start)
        _ = try await store.apply(batch: [Self.redeeming("plantedcode2", friend: 601, updateID: 2)], now: Self.start)
        // When the friend completes planting, then planting again (a journey begun anew), then the program
        _ = try await store.apply(batch: [Self.reaching(.planted, friend: 601, updateID: 3)], now: Self.start.addingTimeInterval(60))
        _ = try await store.apply(batch: [Self.reaching(.planted, friend: 601, updateID: 4)], now: Self.start.addingTimeInterval(120))
        _ = try await store.apply(batch: [Self.reaching(.completed, friend: 601, updateID: 5)], now: Self.start.addingTimeInterval(180))
        _ = try await store.apply(batch: [Self.reaching(.planted, friend: 700, updateID: 6)], now: Self.start.addingTimeInterval(180))
        // Then the gifter got one message, in English, and nobody else heard anything
        #expect(try await store.outboxRows(chatID: Self.gifter).map(\.text) == ["gift ready", "your friend planted"])
        #expect(try await store.outboxRows(chatID: nil).count == 3)
        #expect(try await store.giftFunnel().total == GiftFunnel.Row(group: "all", sent: 1, opened: 1, started: 1, planted: 1, completed: 1))
    }

    @Test(arguments: StoreFactories.all)
    func aGifterWhoBlockedTheBotIsNotWrittenTo(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        _ = try await store.apply(batch: [Self.makingInvite("blockedcode2", updateID: 1)], now: Self.start)
        _ = try await store.apply(batch: [Self.redeeming("blockedcode2", friend: 601, updateID: 2)], now: Self.start)
        try await store.markBlocked(chatID: Self.gifter, now: Self.start)
        _ = try await store.apply(batch: [Self.reaching(.planted, friend: 601, updateID: 3)], now: Self.start.addingTimeInterval(60))
        #expect(try await store.outboxRows(chatID: Self.gifter).filter { $0.state == "pending" }.isEmpty)
        #expect(try await store.giftFunnel().total.planted == 1)
    }

    @Test(arguments: StoreFactories.all)
    func forgettingTheGifterAndTheFriendKeepsOnlyAnonymousCounts(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        _ = try await store.apply(batch: [Self.makingInvite("forgetcode22", updateID: 1, maxUses: 2)], now: Self.start)
        _ = try await store.apply(batch: [Self.redeeming("forgetcode22", friend: 601, updateID: 2)], now: Self.start)
        #expect(try await store.giftInvites(gifterID: Self.gifter).map(\.code) == ["forgetcode22"])
        // When both are forgotten
        _ = try await store.forgetUser(Self.gifter, request: Self.farewell, now: Self.start.addingTimeInterval(60))
        _ = try await store.forgetUser(601, request: Self.farewell, now: Self.start.addingTimeInterval(60))
        // Then no row names either, the counts stay, and the invite (sent already) still works for another friend
        #expect(try await store.giftInvites(gifterID: Self.gifter).isEmpty)
        #expect(try await store.giftInvite("forgetcode22")?.gifterID == nil)
        #expect(try await store.funnelFacts().filter(\.gifted).isEmpty)
        #expect(try await store.giftFunnel().total.started == 1)
        _ = try await store.apply(batch: [Self.redeeming("forgetcode22", friend: 602, updateID: 3)], now: Self.start.addingTimeInterval(120))
        #expect(try await store.outboxRows(chatID: 602).map(\.text) == ["gifted start"])
        // And the friend's later planting writes to no one
        _ = try await store.apply(batch: [Self.reaching(.planted, friend: 602, updateID: 4)], now: Self.start.addingTimeInterval(180))
        #expect(try await store.outboxRows(chatID: Self.gifter).allSatisfy { $0.text == "bye ru" })
    }
}
