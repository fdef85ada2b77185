import Admin
import Foundation
import Media
import PostgresTestSupport
import S3
import S3TestSupport
import Testing
import TelegramEmulator
@testable import Bot

/// Two instances of the bot on one PostgreSQL store and one bucket (moto, authentication on):
/// photos stored through either land once under their content key, no instance overwrites or
/// loses another's, and the orphan report over the shared bucket matches the shared rows.
@Suite(.serialized, .enabled(if: MotoServer.isInstalled && PostgresTestCluster.isAvailable,
                             "needs moto_server and PostgreSQL's server binaries (scripts/install-deps)"))
struct SharedBucketEndToEndTests {
    let diary = PhotoDiaryEndToEndTests()

    @Test func twoInstancesOnOneStoreShareOneBucketWithoutClobbering() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let database = try await PostgresTestCluster.shared().makeDatabase()
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(maxLongPollTimeout: 1))
        // Each instance reaches the bucket through a proxy of its own, so the test sees which one
        // stored what; the first one's uploads are slowed, so the second takes its share of the tasks.
        let proxies = [try FaultProxy(upstreamPort: moto.port), try FaultProxy(upstreamPort: moto.port)]
        defer { proxies.forEach { $0.stop() } }
        proxies[0].script(Array(repeating: .delay(seconds: 0.4), count: 40), method: "PUT")
        func environment(_ proxy: FaultProxy) -> [String: String] {
            ["SOGRETO_S3_ENDPOINT": "http://127.0.0.1:\(proxy.port)", "SOGRETO_S3_BUCKET": settings.bucket,
             "SOGRETO_S3_ACCESS_KEY_ID": settings.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": settings.secretAccessKey,
             "SOGRETO_S3_PATH_STYLE": "true", "SOGRETO_S3_PREFIX": "prod"]
        }
        // The first instance is the leader (updates, delivery); the second runs media tasks beside it
        let first = try await BotHarness.start(emulator: emulator, environment: environment(proxies[0]), postgresURL: database.url)
        let second: BotHarness
        do {
            second = try await BotHarness.start(emulator: emulator, environment: environment(proxies[1]),
                                                postgresURL: database.url, mediaOnly: true)
        } catch {
            await first.stop()
            throw error
        }
        // (`sogreto run` wakes instances on the database's notifications, SharedQueueWakes; in-process
        // the test does it: the follower for new tasks, the leader's delivery for the follower's replies.)
        let nudges = Task {
            while !Task.isCancelled {
                await second.runtime.media.wake.signal()
                await first.runtime.outboxWake.signal()
                try? await Task.sleep(for: .milliseconds(50)) // the notifications' stand-in, as often as they might come
            }
        }
        do {
            try await story(first, second, bucket: S3Client(settings: settings), proxies: proxies)
        } catch {
            Issue.record(error)
        }
        nudges.cancel()
        await second.stop(emulatorToo: false)
        await first.stop()
    }

    private func story(_ first: BotHarness, _ second: BotHarness, bucket: S3Client, proxies: [FaultProxy]) async throws {
        // Given eight users, two of whom will send the very same picture
        var users: [SimulatedUser] = []
        for _ in 0..<8 { users.append(try await diary.startedUser(first).0) }
        // When all of them send a photo at once
        for (index, user) in users.enumerated() {
            try await first.emulator.sendPhoto(try SproutPhotos.jpeg(day: index == 7 ? 0 : index, width: 640), from: user)
        }
        for user in users {
            try await diary.waitFor(first, user) { $0.contains { $0.text?.contains("сохранено — 1 из 10") == true } }
        }
        try await first.settle()

        // Then each was answered once, and both instances stored photos
        for user in users {
            let saved = await first.emulator.messages(in: user.chatID).filter { $0.text?.contains("сохранено") == true }
            #expect(saved.count == 1, "user \(user.id)")
        }
        let puts = proxies.map { $0.requests.filter { $0.hasPrefix("PUT /") }.count }
        #expect(puts[0] > 0 && puts[1] > 0, "uploads through each instance: \(puts)")
        // And every row's blobs are in the bucket, once each, intact; the shared picture is one object for two rows
        var rows: [PhotoDiaryEntry] = []
        for user in users { rows += try await second.runtime.database.photoDiary(of: user.id).photos }
        #expect(rows.count == 8)
        #expect(rows[0].sha256 == rows[7].sha256)
        let keys = Set(rows.flatMap { [$0.sha256, $0.thumbSHA256] })
        let objects = try await bucket.list(prefix: "prod/")
        #expect(objects.count == keys.count && keys.count == 14, "\(objects.count) objects for \(keys.count) keys")
        let audit = try await BlobAudit.audit(first.runtime.blobs)
        #expect(audit.checked == keys.count && audit.corrupt.isEmpty, "\(audit)")
        for key in keys {
            #expect(objects.contains { $0.key.hasSuffix("/\(key).jpg") }, "\(key)")
        }

        // When an orphan report is taken over the shared bucket, once everything is past the upload window
        let stray = String(repeating: "f", count: 64)
        try await bucket.put(key: "prod/ff/ff/\(stray).jpg", data: Data("stray".utf8))
        let recent = AdminActions(database: first.runtime.database, blobs: first.runtime.blobs, budget: nil,
                                  strings: first.runtime.strings, clock: SystemClock())
        var settled = recent
        settled.orphanMinimumAge = 0
        let young = try await recent.orphans()
        let old = try await settled.orphans()
        // Then the fresh uploads are left alone, and later only the stray object (no row names it) is an orphan
        #expect(young.isEmpty, "\(young)")
        #expect(old.blobsWithoutRow.map(\.sha256) == [stray], "\(old)")
        #expect(old.rowsWithoutBlob.isEmpty && old.rendersWithoutSource.isEmpty, "\(old)")
    }
}
