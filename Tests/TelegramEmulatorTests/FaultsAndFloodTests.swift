import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import TelegramEmulator

@Suite("Flood limits and injected faults")
struct FaultsAndFloodTests {
    @Test func aFourthMessageInABurstToOneChatIsRefusedAndNotDelivered() async throws {
        // Telegram's burst of 3 per chat, refilled slowly so a loaded machine cannot refill it mid-test
        let limits = FloodLimits(overall: nil, perChat: .init(burst: 3, perSecond: 0.2), perGroup: nil)
        try await withEmulator(.init(floodLimits: limits)) { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            var statuses: [Int] = []
            var retryAfter: Int64?
            for index in 0..<4 {
                let reply = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": .string("m\(index)")])
                statuses.append(reply.status)
                retryAfter = reply.retryAfter ?? retryAfter
            }
            #expect(statuses == [200, 200, 200, 429])
            #expect((1...5).contains(retryAfter ?? 0), "until the bucket holds a token again")
            #expect(await emulator.messages(in: user.id).count == 3)
            let failure = await emulator.requestLog().last
            #expect(failure?.errorDescription == "Too Many Requests: retry after \(retryAfter ?? 0)")
        }
    }

    @Test func pacingAtOneMessagePerSecondAfterTheBurstNeverSees429() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            var statuses: [Int] = []
            for index in 0..<5 {
                // The pacing under test: one message a second, the rate the limit refills at.
                if index >= 3 { try await Task.sleep(for: .milliseconds(1000)) }
                statuses.append(try await client.json("sendMessage", [
                    "chat_id": .int(user.id), "text": .string("m\(index)")]).status)
            }
            #expect(statuses == [200, 200, 200, 200, 200])
        }
    }

    @Test func theOverallLimitSpansChats() async throws {
        // A refill of one message per 100 s: the sixth send is refused however slow a loaded machine is.
        let limits = FloodLimits(overall: .init(burst: 5, perSecond: 0.01), perChat: nil, perGroup: nil)
        try await withEmulator(.init(floodLimits: limits)) { emulator, client in
            var statuses: [Int] = []
            for _ in 0..<6 {
                let user = await emulator.newUser(firstName: "A")
                statuses.append(try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "x"]).status)
            }
            #expect(statuses == [200, 200, 200, 200, 200, 429])
        }
    }

    @Test func groupsAreLimitedPerMinute() async throws {
        // 20 per minute as Telegram; the test's 21 sends must finish within 3 s, so under load the
        // refill is slowed to 20 per hour: the 21st is refused either way.
        let limits = FloodLimits(overall: nil, perChat: nil, perGroup: .init(burst: 20, perSecond: 20.0 / 3600.0))
        try await withEmulator(.init(floodLimits: limits)) { emulator, client in
            let member = await emulator.newUser(firstName: "A")
            let group = await emulator.newGroup(title: "Грядка", members: [member])
            var last: BotAPITestClient.Reply?
            for _ in 0..<21 { last = try await client.json("sendMessage", ["chat_id": .int(group.id), "text": "x"]) }
            #expect(last?.status == 429)
            #expect((last?.retryAfter ?? 0) >= 2)
        }
    }

    @Test func injected429And5xxHitTheChosenMethodAndTakeNoEffect() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            await emulator.inject(.tooManyRequests(retryAfter: 7, method: "sendMessage", count: 1))
            await emulator.inject(.serverError(status: 502, method: "sendMessage", count: 1))
            let getMe = try await client.json("getMe")
            let limited = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "a"])
            let broken = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "b"])
            let fine = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "c"])
            #expect(getMe.ok)
            #expect(limited.status == 429)
            #expect(limited.retryAfter == 7)
            #expect(limited.description == "Too Many Requests: retry after 7")
            #expect(broken.status == 502)
            #expect(broken.description == "Bad Gateway")
            #expect(fine.ok)
            #expect(await emulator.messages(in: user.id).map(\.text) == ["c"])
        }
    }

    @Test func forbiddenChatFaultLastsUntilCleared() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            await emulator.inject(.forbidden(chatID: user.id))
            let first = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "a"])
            let second = try await client.json("sendChatAction", ["chat_id": .int(user.id), "action": "typing"])
            await emulator.clearFaults()
            let after = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "b"])
            #expect(first.status == 403)
            #expect(second.description == "Forbidden: bot was blocked by the user")
            #expect(after.ok)
        }
    }

    @Test func slowRepliesDelayButStillDeliver() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            await emulator.inject(.slowReplies(delay: .milliseconds(400), count: 1))
            let start = ContinuousClock.now
            let reply = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "late"])
            #expect(ContinuousClock.now - start >= .milliseconds(400))
            #expect(reply.ok)
        }
    }

    @Test func droppedConnectionsFailTheRequestWithoutEffect() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            await emulator.inject(.dropConnection(method: "sendMessage", count: 1))
            await #expect(throws: (any Error).self) {
                _ = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "lost"])
            }
            let retried = try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "again"])
            #expect(retried.ok)
            #expect(await emulator.messages(in: user.id).map(\.text) == ["again"])
        }
    }

    @Test func floodLimitsCanBeLiftedAtRunTime() async throws {
        try await withEmulator { emulator, client in
            let user = await emulator.newUser(firstName: "A")
            await emulator.setFloodLimits(.none)
            var statuses: Set<Int> = []
            for _ in 0..<20 { statuses.insert(try await client.json("sendMessage", ["chat_id": .int(user.id), "text": "x"]).status) }
            #expect(statuses == [200])
        }
    }
}
