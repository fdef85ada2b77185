import Foundation
import Testing
@testable import TelegramEmulator

/// A measurement, not a check of behaviour: run with `EMULATOR_BENCHMARK=1` (ideally in a release
/// build) to see how many update→reply round trips per second the emulator sustains.
@Suite("Throughput", .enabled(if: ProcessInfo.processInfo.environment["EMULATOR_BENCHMARK"] != nil))
struct ThroughputTests {
    @Test func updatesAndRepliesPerSecond() async throws {
        let users = 1_000
        let rounds = 5
        try await withEmulator(.init(floodLimits: .none, requestLogLimit: 1_000)) { emulator, client in
            var people: [SimulatedUser] = []
            for index in 0..<users { people.append(await emulator.newUser(firstName: "U\(index)")) }
            let start = ContinuousClock.now
            var offset: Int64 = 0
            var replied = 0
            for round in 0..<rounds {
                for person in people { await emulator.sendText("round \(round)", from: person) }
                var pending = users
                while pending > 0 {
                    let batch = try await client.json("getUpdates", ["offset": .int(offset), "timeout": 1])
                    let updates = batch.result?.arrayValue ?? []
                    offset = (updates.last?["update_id"]?.int64Value).map { $0 + 1 } ?? offset
                    pending -= updates.count
                    try await withThrowingTaskGroup(of: Bool.self) { group in
                        for update in updates {
                            let chat = update["message"]?["chat"]?["id"] ?? .null
                            group.addTask {
                                try await client.json("sendMessage", ["chat_id": chat, "text": "<b>ok</b>", "parse_mode": "HTML"]).ok
                            }
                        }
                        for try await ok in group where ok { replied += 1 }
                    }
                }
            }
            let seconds = Double((ContinuousClock.now - start).components.attoseconds) / 1e18
                + Double((ContinuousClock.now - start).components.seconds)
            let rate = Double(replied) / seconds
            print("emulator throughput: \(replied) updates with replies in \(String(format: "%.2f", seconds)) s = \(Int(rate))/s")
            #expect(replied == users * rounds)
        }
    }
}
