import Foundation
import Testing
@testable import Bot
@testable import Sandbox

extension SandboxSuites {
    @Suite("Time travel: reminders and held-back messages arrive on their day, as time would bring them")
    struct SandboxTimeTravelTests {
        @Test func aWeekAheadBringsEachReminderOnItsDayNotOneWelcomeBack() async throws {
            try await withSandbox { sandbox, client in
                // Given a user who started the journey and has not planted yet (the bot plans
                // nudges to finish planting if they stay away)
                let chatID = try await startedUser(client)
                let database = sandbox.runtime.database
                let sprouts = try #require(try await database.jobs(userID: chatID).first { $0.state == "pending" })

                // When the page moves the bot's clock a week ahead in one go
                let advanced = try await client.post("/api/clock/advance", json: ["seconds": 7 * 86_400])
                #expect(advanced.status == 200, "\(advanced.errorMessage ?? "")")
                #expect((advanced.json?["offsetSeconds"] as? NSNumber)?.doubleValue == 604_800)

                // Then every job due on the way fired on time: none went stale into a "welcome back"
                let end = sandbox.clock.now()
                let jobs = try await database.jobs(userID: chatID)
                #expect(jobs.first { $0.id == sprouts.id }?.state == "done")
                #expect(!jobs.contains { $0.job.kind == .welcomeBack })
                #expect(!jobs.contains { $0.job.dueAt <= end && $0.state == "pending" })

                // And each fired job's message is in the chat, dated at its due time, in due order
                let messages = try await client.get("/api/chats/\(chatID)/messages").json?["messages"] as? [[String: Any]] ?? []
                let botDates = messages.filter { $0["fromBot"] as? Bool == true }
                    .compactMap { ($0["dateMillis"] as? NSNumber).map { Double($0.int64Value) / 1000 } }
                let fired = jobs.filter { $0.state == "done" }
                #expect(fired.count >= 2, "a week away brings at least two nudges")
                for job in fired {
                    let due = job.job.dueAt.timeIntervalSince1970
                    #expect(botDates.contains { $0 >= due - 1 && $0 < due + 30 },
                            "no message dated at \(job.job.key)'s due time \(job.job.dueAt)")
                }
                #expect(botDates == botDates.sorted())
            }
        }

        @Test func aMessageHeldForQuietHoursGoesOutAtEightOnTheWayAndNotBefore() async throws {
            try await withSandbox { sandbox, client in
                // Given a user in Moscow and a message the bot holds back until 08:00 their time
                let chatID = try await startedUser(client)
                let zone = try #require(TimeZone(identifier: "Europe/Moscow"))
                let now = sandbox.clock.now()
                let today = LocalTime.instant(minuteOfDay: 8 * 60, onDayOf: now, in: zone)
                let morning = today > now ? today : LocalTime.instant(minuteOfDay: 8 * 60, daysAfter: 1, dayOf: now, in: zone)
                try await sandbox.runtime.database.enqueue([.message(text: "Held until morning", keyboard: nil)], chatID: chatID,
                                                           priority: 1, dedupeKey: "sandbox-test:held", notBefore: morning, now: now)
                // As the scheduler does after queueing: Delivery learns of the new row.
                await sandbox.runtime.delivery.wake.signal()

                // When the clock moves to a minute before 08:00
                let toEve = morning.timeIntervalSince(sandbox.clock.now()) - 60
                #expect(try await client.post("/api/clock/advance", json: ["seconds": toEve]).status == 200)

                // Then the message is still held
                #expect(try await heldMessageDate(client, chatID) == nil)

                // When the clock moves two more hours
                #expect(try await client.post("/api/clock/advance", json: ["seconds": 7_200]).status == 200)

                // Then it went out at 08:00, where time travel stopped on the way
                let sent = try #require(try await heldMessageDate(client, chatID))
                #expect(sent.timeIntervalSince(morning) >= -1 && sent.timeIntervalSince(morning) < 30)
            }
        }

        /// A Russian-speaking user (Moscow time, the default) who sent /start and got the answer.
        private func startedUser(_ client: SandboxClient) async throws -> Int64 {
            let created = try await client.post("/api/users", json: ["firstName": "Анна", "languageCode": "ru"])
            let chatID = try #require(created.json?["id"] as? Int64)
            _ = try await client.post("/api/chats/\(chatID)/text", json: ["text": "/start"])
            _ = try await client.waitForMessages(chatID: chatID) { $0.contains { $0["fromBot"] as? Bool == true } }
            return chatID
        }

        private func heldMessageDate(_ client: SandboxClient, _ chatID: Int64) async throws -> Date? {
            let messages = try await client.get("/api/chats/\(chatID)/messages").json?["messages"] as? [[String: Any]] ?? []
            return messages.first { $0["text"] as? String == "Held until morning" }
                .flatMap { ($0["dateMillis"] as? NSNumber).map { Date(timeIntervalSince1970: Double($0.int64Value) / 1000) } }
        }
    }
}
