import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import Testing
import TelegramEmulator
@testable import Bot
import TestSupport

@Suite(.serialized) struct AdminEndToEndTests {
    @Test func adminsSeeTheFiguresAndChangeAQuotaWhileForOthersTheCommandDoesNotExist() async throws {
        // Given an operator listed in SOGRETO_ADMIN_IDS and a buyer with two diary photos
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(maxLongPollTimeout: 1))
        let admin = await emulator.newUser(firstName: "Оператор", languageCode: "ru")
        let anna = await emulator.newUser(firstName: "Анна", languageCode: "ru")
        let bot = try await BotHarness.start(emulator: emulator, environment: ["SOGRETO_ADMIN_IDS": "\(admin.id)"])
        do {
            await emulator.sendText("/start mg-1", from: anna)
            var annaSeen = try await bot.replies(to: anna, count: 2) // the welcome, then the zone question
            try await bot.runtime.sqliteWriter.write { db in
                for day in 1...2 {
                    try db.execute(sql: """
                        INSERT INTO photos(user_id, day, sha256, thumb_sha256, bytes, width, height, source_format, green_coverage, created_at)
                        VALUES (?, ?, ?, ?, 1048576, 1600, 1200, 'jpeg', 0.3, ?)
                        """, arguments: [anna.id, day, String(repeating: "\(day)", count: 64),
                                         String(repeating: "a\(day)", count: 32), Date()])
                }
            }

            // When the buyer tries /admin, it is an unknown command, and an adm: button is stale
            await emulator.sendText("/admin", from: anna)
            annaSeen = try await bot.replies(to: anna, count: annaSeen.count + 1)
            #expect(annaSeen.last?.text == "Такой команды я не знаю. Посмотри /help — там всё, что я умею.")
            await emulator.sendText("/admin \(anna.id)", from: anna)
            annaSeen = try await bot.replies(to: anna, count: annaSeen.count + 1)
            #expect(annaSeen.last?.text?.contains("Такой команды я не знаю") == true)
            let query = await emulator.pressButton("adm:p:\(anna.id):50", on: annaSeen[0].messageID, from: anna)
            try await bot.settle()
            #expect(await emulator.callbackAnswers(for: query).first?.text == bot.runtime.strings.text("stale_button", "ru"))
            #expect(try await bot.runtime.database.userMedia(anna.id)?.quota.maxPhotos == 10)
            #expect(!(await emulator.commands(languageCode: nil).map(\.command).contains("admin")), "the menu does not show it")

            // When the operator sends /admin, the storage totals and the funnel come back
            await emulator.sendText("/admin", from: admin)
            var seen = try await bot.replies(to: admin, count: 1)
            let overview = try #require(seen.last?.text)
            #expect(overview.contains("Хранилище"))
            #expect(overview.contains("Пользователей с медиа: 1 · фото: 2"))
            #expect(overview.contains("Объём: 2,0 МБ"), "a Russian admin reads a decimal comma")
            #expect(overview.contains("Открыли набор: 1"))
            #expect(overview.contains("mg-1: 1 → 0 → 0 → 0"))
            let userButton = try #require(seen.last?.buttons.flatMap { $0 }.first { $0.callbackData == "adm:u:\(anna.id)" })

            // And the user card opens from the top-users button, with quota buttons
            await emulator.pressButton(try #require(userButton.callbackData), on: seen[0].messageID, from: admin)
            try await bot.settle()
            seen = await emulator.messages(in: admin.chatID)
            #expect(seen.count == 1, "the overview was edited into the card")
            #expect(seen[0].text?.contains("Пользователь \(anna.id)") == true)
            #expect(seen[0].text?.contains("Фото: 2 из 10") == true)

            // When the operator raises the photo cap to 20
            let raise = await emulator.pressButton("adm:p:\(anna.id):20", on: seen[0].messageID, from: admin)
            try await bot.settle()

            // Then it is stored and audited with the operator's id, and the card shows it
            #expect(await emulator.callbackAnswers(for: raise).first?.text == "Лимит сохранён")
            seen = await emulator.messages(in: admin.chatID)
            #expect(seen.last?.text?.contains("Фото: 2 из 20") == true)
            #expect(try await bot.runtime.database.userMedia(anna.id)?.quota.maxPhotos == 20)
            let audit = try #require(try await bot.runtime.database.auditLog().first)
            #expect(audit.actor == "telegram:\(admin.id)")
            #expect(audit.action == "quota.set")
            #expect(audit.target == "user:\(anna.id)")

            // And /admin ID looks a user up directly; an unknown id says so
            await emulator.sendText("/admin 42", from: admin)
            seen = try await bot.replies(to: admin, count: 2)
            #expect(seen.last?.text == "Пользователя 42 нет в базе.")
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func sogretoRunServesTheAdminAPIWithTheBotsOwnCounters() async throws {
        // Given the real executable with an admin token, on a free loopback port
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-admin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = "e2e-admin-token-0123456789"
        let port = try Self.freePort()
        let bot = try BotProcess(emulator: emulator, dataDirectory: directory,
                                 environment: ["SOGRETO_ADMIN_TOKEN": token, "SOGRETO_HTTP_PORT": String(port)])
        let anna = await emulator.newUser(firstName: "Анна")

        // When a user talks to the bot
        await emulator.sendText("/start mg-1", from: anna)
        _ = try await emulator.waitForMessages(in: anna.chatID, count: 2, timeout: .seconds(15)) // the welcome and the zone question

        // Then the same process answers on 127.0.0.1: health without a token, metrics with it
        let base = "http://127.0.0.1:\(port)"
        #expect(try await Self.get(base + "/healthz").status == 200)
        #expect(try await Self.get(base + "/admin/storage").status == 401)
        let metrics = try await eventualValue(within: .seconds(10)) {
            let body = try await Self.get(base + "/metrics", token: token).body
            return body.contains("sogreto_replies_total 2") ? body : nil
        } ?? ""
        #expect(metrics.contains("sogreto_updates_total 1"))
        #expect(metrics.contains("sogreto_replies_total 2"))
        #expect(metrics.contains("sogreto_users 1"))
        let funnel = try await Self.get(base + "/admin/funnel", token: token)
        #expect(funnel.status == 200)
        #expect(funnel.body.contains(#""group":"mg-1""#))
        #expect(await bot.terminate() == 0)
        await emulator.shutdown()
    }

    static func get(_ url: String, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        // The server may still be starting: asked again until it answers.
        let answer = try await eventualValue(within: .seconds(10)) { () -> (status: Int, body: String)? in
            guard let (data, response) = try? await URLSession.shared.data(for: request) else { return nil }
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
        return answer ?? (0, "")
    }

    /// A port nobody listens on right now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
