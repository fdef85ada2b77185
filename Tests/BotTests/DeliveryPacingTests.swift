import Foundation
import Testing
@testable import Bot

@Suite struct PacerTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func oneChatGetsItsBurstThenOneMessageASecond() {
        var pacer = Pacer(limits: DeliveryLimits(), now: start)
        #expect(pacer.reserve(chatID: 1, now: start) == nil)
        #expect(pacer.reserve(chatID: 1, now: start) == nil)
        let next = pacer.reserve(chatID: 1, now: start)
        #expect(next == start.addingTimeInterval(1))
        #expect(pacer.reserve(chatID: 1, now: start.addingTimeInterval(1)) == nil)
    }

    @Test func aPacerStartingEmptyHasNoBurstUntilOneBurstsWorthOfTimeHasPassed() {
        // Given a new leader's pacer (the last one may have spent Telegram's burst a moment ago)
        var pacer = Pacer(limits: DeliveryLimits(), now: start, startingEmpty: true)
        // Then nothing goes at once, overall or in a chat
        #expect(pacer.reserve(chatID: 1, now: start) != nil)
        // And the overall rate comes first, one message per 1/30 s; a chat's own bucket fills at one a second
        #expect(pacer.reserve(chatID: 2, now: start.addingTimeInterval(0.5)) == start.addingTimeInterval(1))
        #expect(pacer.reserve(chatID: 2, now: start.addingTimeInterval(1)) == nil)
        #expect(pacer.reserve(chatID: 2, now: start.addingTimeInterval(1)) != nil)
        // And after the chat burst's worth of time a new chat gets its whole burst
        #expect(pacer.reserve(chatID: 3, now: start.addingTimeInterval(2)) == nil)
        #expect(pacer.reserve(chatID: 3, now: start.addingTimeInterval(2)) == nil)
        #expect(pacer.reserve(chatID: 3, now: start.addingTimeInterval(2)) != nil)
    }

    @Test func manyChatsShareTheOverallLimit() {
        var pacer = Pacer(limits: DeliveryLimits(), now: start)
        var sent = 0
        var time = start
        // Over 10 simulated seconds, 1,000 chats each wanting one message
        var waiting = Array(1...1_000).map(Int64.init)
        while time < start.addingTimeInterval(10) {
            waiting.removeAll { chat in
                if pacer.reserve(chatID: chat, now: time) == nil { sent += 1; return true }
                return false
            }
            time = time.addingTimeInterval(0.01)
        }
        // 20 burst + 30 per second for 10 s
        #expect(sent <= 321)
        #expect(sent >= 310)
    }

    @Test func deliveryRefillsAnEighthOfItsSlotsAtOnce() {
        // Paced (16 in flight): the outbox is read again once 2 slots are free.
        #expect(DeliveryLimits().refillBatch == 2)
        // Limits lifted (64 in flight): once 8 are free.
        #expect(DeliveryLimits.unlimited.refillBatch == 8)
        var single = DeliveryLimits()
        single.concurrency = 4
        #expect(single.refillBatch == 1)
    }
}

@Suite struct UserRateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func aFloodGetsOneNoticeThenSilenceAndIsForgivenAfterSlowingDown() async {
        let limiter = UserRateLimiter(capacity: 5, perSecond: 1)
        var results: [Admission] = []
        for _ in 0..<8 { results.append(await limiter.admit(1, now: start)) }
        #expect(results == [.allowed, .allowed, .allowed, .allowed, .allowed, .firstRejection, .ignored, .ignored])
        // Another user is unaffected
        #expect(await limiter.admit(2, now: start) == .allowed)
        // After slowing down the first user is heard again
        #expect(await limiter.admit(1, now: start.addingTimeInterval(4)) == .allowed)
        #expect(await limiter.admit(1, now: start.addingTimeInterval(4)) == .allowed)
    }
}
