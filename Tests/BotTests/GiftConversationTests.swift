import TestSupport
import Foundation
import Program
import Testing
@testable import Bot

/// Gifting as the pure conversation decides it: the offer at the harvest and at the end, the
/// choice's buttons (forged ones change nothing), codes and share links.
@Suite struct GiftConversationTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let conversation: Conversation
    let strings: BotStrings

    init() throws {
        strings = try loadStrings()
        var conversation = Conversation(strings: strings, engine: try loadEngine(), supportContact: nil)
        conversation.gifting.botUsername = "sogreto_bot"
        self.conversation = conversation
    }

    func user() throws -> UserRecord {
        try #require(conversation.decide(Updates.text("/start mg-1"), user: nil, admission: .allowed, now: now).user)
    }

    @Test func theOfferComesAfterTheHarvestAndAtTheEndOnly() throws {
        let user = try user()
        for (events, offered) in [([ProgramEvent.stageCompleted("harvest")], true), ([.manifestoRead], true),
                                  ([.stageCompleted("planting")], false), ([.completed], false), ([], false)] {
            let decision = conversation.offeringGift(in: Decision(user: user), events: events, user: user)
            let offer = OutboxAction.message(text: strings.text("gift_offer", "ru"),
                                             keyboard: [[Button(strings.text("gift_offer_button", "ru"), "gf:o")]])
            #expect(decision.actions == (offered ? [offer] : []), "\(events)")
        }
        // Without a username there is no link to make, so no offer
        var unnamed = conversation
        unnamed.gifting.botUsername = nil
        #expect(unnamed.offeringGift(in: Decision(user: user), events: [.manifestoRead], user: user).actions.isEmpty)
        #expect(unnamed.decide(Updates.text("/gift"), user: user, admission: .allowed, now: now).actions
                == [.message(text: strings.text("gift_unavailable", "ru"), keyboard: nil)])
    }

    @Test func pickingToShareTheSeedsAsTheNextStepOffersAGiftOnce() throws {
        let user = try user()
        var before = try #require(user.progress.flatMap(ProgressCoding.decode))
        var after = before
        after.choices["final.next-round"] = "give-seeds"
        #expect(Conversation.choseToGiveSeeds(before: before, after: after))
        before.choices["final.next-round"] = "give-seeds"
        #expect(!Conversation.choseToGiveSeeds(before: before, after: after), "already chosen: no second offer")
        after.choices["final.next-round"] = "rest"
        #expect(!Conversation.choseToGiveSeeds(before: before, after: after))
        let offered = conversation.offeringGift(in: Decision(user: user), events: [], user: user, choseToGiveSeeds: true)
        #expect(offered.actions.count == 1)
    }

    @Test func theOfferButtonOpensTheChoiceAndForgedChoicesChangeNothing() throws {
        let user = try user()
        let opened = conversation.decide(Updates.callback("gf:o"), user: user, admission: .allowed, now: now)
        #expect(opened.actions.last.map { if case .message(_, let keyboard?) = $0 { keyboard.joined().map(\.data) } else { [] } }
                == ["gf:p:basil", "gf:p:microgreens", "gf:t"])
        let stale = strings.text("stale_button", "ru")
        for data in ["gf:p:lavender", "gf:p:", "gf:x", "gf:", "gf:t:1", "gf:pbasil"] {
            let decision = conversation.knowing(GiftFacts(freshCode: GiftCode.random()))
                .decide(Updates.callback(data), user: user, admission: .allowed, now: now)
            #expect(decision.gifts.isEmpty, "\(data)")
            #expect(decision.actions == [.answerCallback(queryID: "q2", text: stale, alert: false)], "\(data)")
        }
        // A real choice makes one invite, valid 30 days, and a share button to Telegram's share page
        let chosen = conversation.knowing(GiftFacts(freshCode: "abcdefghjkmn"))
            .decide(Updates.callback("gf:p:basil"), user: user, admission: .allowed, now: now)
        #expect(chosen.gifts.invites == [NewGiftInvite(code: "abcdefghjkmn", gifterID: user.id, choice: .program("basil"), maxUses: 1,
                                                      expiresAt: now.addingTimeInterval(30 * 86_400))])
        let share = chosen.actions.compactMap { if case .message(_, let keyboard?) = $0 { keyboard.joined().first?.url } else { nil } }.first
        #expect(share?.hasPrefix("https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fsogreto_bot%3Fstart%3Dgift-abcdefghjkmn&text=") == true)
    }

    @Test func codesAreWellFormedAndDifferentAndForgedOnesAreNot() {
        let codes = Set((0..<1000).map { _ in GiftCode.random() })
        #expect(codes.count == 1000)
        #expect(codes.allSatisfy(GiftCode.isWellFormed))
        for forged in ["", "abc", "ABCDEFGHJKMN", "abcdefghjkm0", "abcdefghjkmnp", "abcdefghjkm!", "абвгдежзийкл"] {
            #expect(!GiftCode.isWellFormed(forged), "\(forged)")
        }
        #expect(GiftCode.code(inPayload: "gift-abc") == "abc")
        #expect(GiftCode.code(inPayload: "mg-1") == nil)
        #expect(GiftCode.code(inPayload: nil) == nil)
    }

    @Test func theSettingsAreReadAndBadValuesNamed() throws {
        let base = ["TELEGRAM_BOT_TOKEN": "123456:abcdefghijklmnop"]
        let read = try Configuration.load(from: base.merging(["SOGRETO_GIFT_MAX_USES": "3", "SOGRETO_GIFT_VALID_DAYS": "14",
                                                              "SOGRETO_SHOP_URL": "https://shop.example.org",
                                                              "SOGRETO_BOT_USERNAME": "@sogreto_bot"]) { $1 })
        #expect(read.gifting == GiftSettings(maxUses: 3, validDays: 14, botUsername: "sogreto_bot"))
        #expect(read.shopURL == URL(string: "https://shop.example.org"))
        #expect(try Configuration.load(from: base).gifting == GiftSettings())
        for (name, value) in [("SOGRETO_SHOP_URL", "shop.example.org"), ("SOGRETO_BOT_USERNAME", "a b"),
                              ("SOGRETO_GIFT_MAX_USES", "0"), ("SOGRETO_GIFT_VALID_DAYS", "many")] {
            #expect(throws: ConfigurationError.self, "\(name)") {
                try Configuration.load(from: base.merging([name: value]) { $1 })
            }
        }
    }
}

/// `/admin` in Telegram shows the gift invites' funnel once there are any.
@Suite struct GiftAdminOverviewTests {
    @Test func theOverviewShowsGiftsOnlyOnceThereAreAny() throws {
        let conversation = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: nil)
        let storage = StorageReport(usersWithMedia: 0, photos: 0, renders: 0, bytes: 0, bytesOnDisk: nil, blobFiles: nil,
                                    byFormat: [], byRenderKind: [], budget: nil, topUsers: [])
        var funnel = FunnelReport.build(from: [])
        func overview() -> String {
            let decision = conversation.decide(Updates.text("/admin", language: "en"), user: nil, admission: .allowed, now: Date(),
                                               adminFigures: AdminFigures(storage: storage, funnel: funnel))
            if case .message(let text, _) = decision.actions.first { return text }
            return ""
        }
        #expect(!overview().contains("Gifts"))
        funnel.gifts = GiftFunnel.build([GiftFunnel.Row(group: "basil", sent: 3, opened: 2, started: 1, planted: 1, completed: 0)])
        #expect(overview().hasSuffix("🎁 Gifts: 3 sent → 2 opened → 1 started → 1 planted → 0 completed"))
    }
}
