import Foundation
import Testing
import Reports
import TelegramEmulator
@testable import Bot
import TestSupport

/// A whole 20-day journey through the emulator, driven as a person would: pressing the buttons
/// of the latest message, answering questions in words, and waiting a day when the next stage
/// has not opened yet (the bot's clock is moved, not the test's patience).
@Suite(.serialized) struct JourneyEndToEndTests {
    @Test(arguments: ["ru", "en"])
    func theWholeMicrogreensJourney(language: String) async throws {
        let clock = ShiftedClock()
        let bot = try await BotHarness.start(clock: clock)
        do {
            try await walk(bot: bot, clock: clock, language: language)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    private func walk(bot: BotHarness, clock: ShiftedClock, language: String) async throws {
        let user = await bot.emulator.newUser(firstName: "Мира", languageCode: language)
        await bot.emulator.sendText("/start mg-2026-7", from: user)
        _ = try await bot.replies(to: user, count: 1)
        var answeredSteps: Set<String> = []
        var waitedDays = 0
        var steps = 0
        while steps < 120 {
            steps += 1
            try await bot.settle(idle: 0.05)
            let messages = await bot.emulator.messages(in: user.chatID)
            let npsOpen = messages.last?.buttons.flatMap { $0 }.contains { $0.callbackData?.hasPrefix("p:n") == true
                && $0.callbackData?.hasPrefix("p:n:") == false } ?? false
            if try await bot.runtime.database.user(user.id)?.status == .completed, !npsOpen { break }
            // The gift offer (after the harvest, at the end) asks nothing: a person goes on past it.
            guard let newest = messages.last(where: { $0.buttons.joined().compactMap(\.callbackData) != ["gf:o"] }) else {
                Issue.record("no messages"); return
            }
            if newest.buttons.isEmpty {
                // The stage is done and the next one opens on a later day: live through a day.
                guard waitedDays < 40 else { break }
                clock.advance(by: 86_400)
                waitedDays += 1
                await bot.emulator.sendText("/continue", from: user)
                continue
            }
            let last = newest
            let data = last.buttons.flatMap { $0 }.compactMap(\.callbackData)
            func has(_ prefix: String) -> String? { data.first { $0.hasPrefix(prefix) } }
            let awaitsText = has("p:c:") == nil && (has("p:s:") != nil || (has("p:m:") != nil && has("p:n:") != nil))
            let step = String((last.text ?? "").prefix(80))
            if awaitsText, !answeredSteps.contains(step) {
                answeredSteps.insert(step)
                await bot.emulator.sendText(language == "ru" ? "Тишину по утрам & <свет>" : "Quiet mornings & <light>", from: user)
                continue
            }
            if let option = has("p:c:"), !answeredSteps.contains("choice " + step) {
                answeredSteps.insert("choice " + step)
                await bot.emulator.pressButton(option, on: last.messageID, from: user)
                continue
            }
            let choice = has("p:ns:9") ?? has("p:nx") ?? has("p:tx") ?? has("p:h:")
                ?? has("p:n:") ?? has("p:y") ?? has("p:k") ?? has("s:os")
            guard let press = choice else {
                Issue.record("no way forward from: \(last.text ?? "")"); return
            }
            await bot.emulator.pressButton(press, on: last.messageID, from: user)
        }
        try await bot.settle(idle: 0.05)
        try await readTheManifestoAndAnswerTheNextDay(bot: bot, clock: clock, user: user)
        let record = try #require(try await bot.runtime.database.user(user.id))
        if record.status != .completed {
            let tail = await bot.emulator.messages(in: user.chatID).suffix(4).map {
                "\($0.text?.prefix(120).replacingOccurrences(of: "\n", with: " ") ?? "") \($0.buttons.flatMap { $0 }.map { $0.callbackData ?? "" })"
            }
            Issue.record("stuck at: \(tail.joined(separator: " || "))")
        }
        #expect(record.status == .completed, "journey finished in \(steps) steps, \(waitedDays) days waited")
        #expect((18...30).contains(waitedDays), "stages opened on their days: waited \(waitedDays) days")
        let kinds = try await bot.runtime.database.events(userID: user.id).map(\.kind)
        #expect(kinds.filter { $0 == "stage_completed" }.count >= 6)
        #expect(kinds.contains("day7_reached"))
        #expect(kinds.contains("completed"))
        #expect(kinds.contains("nps"))
        // The manifesto carries the user's own words, intact
        let texts = await bot.emulator.transcript(in: user.chatID).compactMap(\.text)
        let words = language == "ru" ? "Тишину по утрам & <свет>" : "Quiet mornings & <light>"
        #expect(texts.contains { $0.contains(words) })
        if let path = ProcessInfo.processInfo.environment["SOGRETO_TRANSCRIPT_DIR"] {
            // For reading the journey as a person would: every message and its buttons, in order.
            let lines = await bot.emulator.transcript(in: user.chatID).map { message in
                (message.isFromBot ? "BOT: " : "USER: ") + (message.text ?? message.caption ?? "")
                    + (message.buttons.isEmpty ? "" : "\n   [" + message.buttons.flatMap { $0 }.map(\.text).joined(separator: "] [") + "]")
            }
            try lines.joined(separator: "\n\n").write(toFile: "\(path)/journey-\(language).txt", atomically: true, encoding: .utf8)
        }
        // Nothing the bot sent was refused by the Bot API
        let refused = await bot.emulator.requestLog().filter { $0.httpStatus != 200 }
        #expect(refused.isEmpty, "\(refused.map { "\($0.method): \($0.errorDescription ?? "")" })")
        try await practiceDiaryOfTheJourney(bot: bot, userID: user.id, words: words, language: language)

        // The completion offered the diary with a button; pressing it brings the PDF
        let messages = await bot.emulator.messages(in: user.chatID)
        let offer = try #require(messages.last { $0.buttons.flatMap { $0 }.contains { $0.callbackData == "d:pdf" } })
        await bot.emulator.pressButton("d:pdf", on: offer.messageID, from: user)
        let pdf = try #require(try await bot.replies(to: user, count: messages.count + 1).last)
        #expect(pdf.kind == .document && pdf.fileName?.hasSuffix(".pdf") == true)
    }

    /// The ending unfolds: "I've read it" under the manifesto brings the closing words and the
    /// diary offer; the closing question comes the next day.
    private func readTheManifestoAndAnswerTheNextDay(bot: BotHarness, clock: ShiftedClock, user: SimulatedUser) async throws {
        let messages = await bot.emulator.messages(in: user.chatID)
        let manifesto = try #require(messages.last { $0.buttons.joined().contains { $0.callbackData == "p:mr" } })
        await bot.emulator.pressButton("p:mr", on: manifesto.messageID, from: user)
        _ = try await bot.replies(to: user, count: messages.count + 2)
        // Just past the next local midnight: the question is open, its reminder not yet due
        var calendar = Calendar(identifier: .gregorian)
        // The user's own zone: the default follows the language (Moscow for Russian, London for English)
        let zone = try await bot.runtime.database.user(user.id)?.timezone ?? "Europe/Moscow"
        calendar.timeZone = try #require(TimeZone(identifier: zone))
        let midnight = try #require(calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: clock.now())))
        clock.advance(by: midnight.timeIntervalSince(clock.now()) + 60)
        await bot.emulator.sendText("/continue", from: user)
        // Awaited by its button, not by a count: the manifesto card (a media task) may arrive
        // before or after the snapshot above.
        let question = try #require(try await eventualValue(within: .seconds(30)) {
            await bot.emulator.messages(in: user.chatID).last { $0.buttons.joined().contains { $0.callbackData == "p:ns:9" } }
        }, "the closing question did not come within 30 s")
        let asked = await bot.emulator.messages(in: user.chatID).count
        await bot.emulator.pressButton("p:ns:9", on: question.messageID, from: user)
        let comment = try #require(try await bot.replies(to: user, count: asked + 1).last)
        await bot.emulator.pressButton("p:nx", on: comment.messageID, from: user)
        _ = try await bot.replies(to: user, count: asked + 2)
        try await bot.settle(idle: 0.05)
    }

    /// The operator's `sogreto diary --user ID -o FILE` on the journey's data: the PDF holds the
    /// user's wish and answers in their language, and `diary export` + `diary render` agree.
    private func practiceDiaryOfTheJourney(bot: BotHarness, userID: Int64, words: String, language: String) async throws {
        let environment = [
            "SOGRETO_DATA_DIR": bot.dataDirectory.path,
            "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
            "PATH": "/usr/bin:/bin",
        ]
        let pdf = bot.dataDirectory.appendingPathComponent("diary.pdf")
        let made = try await Subprocess.run(sogretoBinary, ["diary", "--user", "\(userID)", "-o", pdf.path],
                                            environment: environment)
        #expect(made.status == 0, "\(made.errorOutput)")
        if let path = ProcessInfo.processInfo.environment["SOGRETO_TRANSCRIPT_DIR"] {
            try? FileManager.default.removeItem(atPath: "\(path)/diary-\(language).pdf")
            try FileManager.default.copyItem(at: pdf, to: URL(fileURLWithPath: "\(path)/diary-\(language).pdf"))
        }
        let text = try await Subprocess.pdfText(pdf)
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains(words), "the answers are in the PDF")
        #expect(flat.contains("Мира"))
        #expect(flat.contains(language == "ru" ? "Микрозелень" : "Microgreens"))

        let json = bot.dataDirectory.appendingPathComponent("diary.json")
        let exported = try await Subprocess.run(sogretoBinary, ["diary", "export", "--user", "\(userID)", "-o", json.path],
                                                environment: environment)
        #expect(exported.status == 0, "\(exported.errorOutput)")
        let data = try PracticeDiaryData.decode(from: Data(contentsOf: json))
        #expect(data.locale == language)
        #expect(data.stages.count >= 6)
        #expect(data.stages.flatMap(\.answers).contains { $0.answer == words })
        #expect(data.manifesto?.contains(words) == true)
        #expect(data.endDate != nil, "a finished program has an end date")

        let unknown = try await Subprocess.run(sogretoBinary, ["diary", "--user", "999", "-o", pdf.path],
                                               environment: environment)
        #expect(unknown.status != 0)
        #expect(unknown.errorOutput.contains("999"), "one sentence naming the user")
    }
}
