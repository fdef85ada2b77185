import Foundation
import Hummingbird
import ServiceLifecycle
import Testing
import TestSupport
@testable import TelegramEmulator

/// An endpoint that answers each push after a pause and notes how many were in flight at once,
/// overall and per chat.
actor SlowWebhookReceiver {
    private(set) var texts: [Int64: [String]] = [:]
    private(set) var mostInFlight = 0
    private(set) var mostInFlightPerChat = 0
    private var inFlight = 0
    private var inFlightPerChat: [Int64: Int] = [:]
    /// Set once four pushes are in flight together; until then each push is held.
    private(set) var overlapSeen = false

    func arrived(chat: Int64) {
        inFlight += 1
        inFlightPerChat[chat, default: 0] += 1
        mostInFlight = max(mostInFlight, inFlight)
        mostInFlightPerChat = max(mostInFlightPerChat, inFlightPerChat[chat] ?? 0)
        if inFlight >= 4 { overlapSeen = true }
    }

    func giveUpWaitingForOverlap() { overlapSeen = true }

    func answered(chat: Int64, text: String) {
        inFlight -= 1
        inFlightPerChat[chat, default: 0] -= 1
        texts[chat, default: []].append(text)
    }

    var received: Int { texts.values.reduce(0) { $0 + $1.count } }

    func serve<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        try await serveHook({ request in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let update = JSONValue.parse(Data(buffer.readableBytesView))
            let chat = update?["message"]?["chat"]?["id"]?.int64Value ?? 0
            await self.arrived(chat: chat)
            // Pushes are held until four are in flight at once (one per chat), so the overlap is
            // seen without timing; an emulator pushing one at a time lets the wait run out once.
            if try await !eventually(within: .seconds(10), { await self.overlapSeen }) {
                await self.giveUpWaitingForOverlap()
            }
            await self.answered(chat: chat, text: update?["message"]?["text"]?.stringValue ?? "")
            return Response(status: .ok)
        }, body)
    }
}

@Suite("Webhook delivery over several connections")
struct ConcurrentWebhookTests {
    @Test func pushesRunInParallelAcrossChatsButOneAtATimeAndInOrderWithinAChat() async throws {
        let receiver = SlowWebhookReceiver()
        let configuration = {
            var configuration = EmulatorConfiguration()
            configuration.webhookConnections = 8
            return configuration
        }()
        try await receiver.serve { hookURL in
            try await withEmulator(configuration) { emulator, client in
                // Given a webhook with 4 connections and four users who each write five messages
                let set = try await client.json("setWebhook", ["url": .string(hookURL.absoluteString), "max_connections": 4])
                #expect(set.ok)
                var users: [SimulatedUser] = []
                for index in 0..<4 { users.append(await emulator.newUser(firstName: "U\(index)")) }
                for round in 1...5 {
                    for user in users { await emulator.sendText("\(round)", from: user) }
                }

                // When every push has been answered
                _ = try await eventually(within: .seconds(30)) { await receiver.received >= 20 }

                // Then chats were pushed side by side (up to max_connections, not the emulator's 8),
                // each chat one push at a time and in order, and nothing is left pending
                #expect(await receiver.mostInFlight > 1)
                #expect(await receiver.mostInFlight <= 4)
                #expect(await receiver.mostInFlightPerChat == 1)
                for user in users {
                    #expect(await receiver.texts[user.chatID] == ["1", "2", "3", "4", "5"])
                }
                // (a push counts as delivered once its answer is back, a moment after the receiver saw it)
                #expect(try await eventually(within: .seconds(10)) {
                    try await client.json("getWebhookInfo").result?["pending_update_count"]?.int64Value == 0
                })
            }
        }
    }
}
