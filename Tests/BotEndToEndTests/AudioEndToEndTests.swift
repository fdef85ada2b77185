import Audio
import Foundation
import Media
import Testing
import TelegramEmulator
@testable import Bot
import TestSupport

/// Text or audio through the emulator with the real runtime: sendAudio, file_id reuse, a changed
/// file, a refused id, read/listen instead, and a broken catalog entry.
@Suite(.serialized) struct AudioEndToEndTests {
    static let planting = "Посадка · Готовим лоток"

    // MARK: - Steps

    @Test func theFirstListenerUploadsAndTheSecondGetsTheSameFileByID() async throws {
        let audio = try AudioCatalogFixture(tracks: [.init(step: "prepare-tray", title: Self.planting, hertz: 440)])
        defer { audio.remove() }
        try await withBot(audioDirectory: audio.directory) { bot in
            // Given a user who chose audio during onboarding
            let anna = await bot.emulator.newUser(firstName: "Анна")
            let first = try await bot.listenerAtFirstStep(anna)
            // Then the step is an MP3 with title, performer, duration, a short caption and its buttons
            #expect(first.kind == .audio)
            #expect(first.performer == "Sogreto")
            #expect(first.title == Self.planting)
            #expect(first.duration == 2)
            #expect(first.caption?.contains("Готовим лоток") == true)
            #expect(first.buttons.flatMap { $0 }.map(\.callbackData).contains("au:r:s.planting.prepare-tray"))
            #expect(first.buttons.flatMap { $0 }.contains { $0.callbackData?.hasPrefix("p:n:planting.0") == true })
            // And it was uploaded (multipart) and its file_id remembered under the file's checksum
            var sends = await bot.audioSends()
            #expect(sends.count == 1)
            #expect(sends.first?.isMultipart == true)
            #expect(sends.first?.uploadedFields == ["audio"])
            #expect(try await bot.runtime.database.telegramFileID(sha256: audio.tracks[0].sha256, kind: .audio) == first.fileID)

            // When a second user gets the same step
            let boris = await bot.emulator.newUser(firstName: "Борис")
            let second = try await bot.listenerAtFirstStep(boris)
            // Then the same file comes by file_id: no upload
            sends = await bot.audioSends()
            #expect(sends.count == 2)
            #expect(sends.last?.isMultipart == false)
            #expect(sends.last?.parameters["audio"] == first.fileID)
            #expect(second.fileID == first.fileID)
            #expect(second.performer == "Sogreto")
        }
    }

    @Test func aChangedRecordingIsUploadedAgain() async throws {
        let audio = try AudioCatalogFixture(tracks: [.init(step: "prepare-tray", title: Self.planting, hertz: 440)])
        defer { audio.remove() }
        // Given a recording a first listener received (uploaded once)
        var bot = try await BotHarness.start(audioDirectory: audio.directory)
        let anna = await bot.emulator.newUser(firstName: "Анна")
        let first = try await bot.listenerAtFirstStep(anna)
        let emulator = bot.emulator, data = bot.dataDirectory
        await bot.stop(emulatorToo: false)
        // When a studio take replaces it (new bytes, new manifest) and the bot restarts
        let changed = try AudioCatalogFixture(tracks: [.init(step: "prepare-tray", title: Self.planting, hertz: 660)], in: audio.directory)
        bot = try await BotHarness.start(emulator: emulator, dataDirectory: data, audioDirectory: audio.directory)
        do {
            let boris = await emulator.newUser(firstName: "Борис")
            let second = try await bot.listenerAtFirstStep(boris)
            // Then the new file is uploaded, not the old id reused
            let sends = await bot.audioSends()
            #expect(sends.map(\.isMultipart) == [true, true])
            #expect(second.fileID != first.fileID)
            #expect(try await bot.runtime.database.telegramFileID(sha256: changed.tracks[0].sha256, kind: .audio) == second.fileID)
            #expect(try await bot.runtime.database.telegramFileID(sha256: audio.tracks[0].sha256, kind: .audio) == first.fileID)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func aRefusedCachedIDFallsBackToOneUploadAndIsReplaced() async throws {
        let audio = try AudioCatalogFixture(tracks: [.init(step: "prepare-tray", title: Self.planting, hertz: 440)])
        defer { audio.remove() }
        try await withBot(audioDirectory: audio.directory) { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна")
            let first = try await bot.listenerAtFirstStep(anna)
            // Given a cached id Telegram does not know (another bot's, or a wiped test server's)
            let sha = audio.tracks[0].sha256
            try await bot.runtime.database.rememberTelegramFile(sha256: sha, kind: .audio, fileID: "CQACAgIAAxkBAAforgottenforgotten12", now: Date())
            // When the next listener gets the step
            let boris = await bot.emulator.newUser(firstName: "Борис")
            let second = try await bot.listenerAtFirstStep(boris)
            // Then the id was tried once, refused with Telegram's words, and the file uploaded once
            let sends = await bot.audioSends()
            try #require(sends.count == 3)
            #expect(sends[1].isMultipart == false)
            #expect(sends[1].errorDescription == "Bad Request: wrong file identifier/HTTP URL specified")
            #expect(sends[2].isMultipart == true)
            #expect(sends[2].errorDescription == nil)
            // And Boris got one recording, whose id replaced the refused one
            let borisAudio = await bot.emulator.messages(in: boris.chatID).filter { $0.kind == .audio }
            #expect(borisAudio.count == 1)
            #expect(second.kind == .audio)
            #expect(try await bot.runtime.database.telegramFileID(sha256: sha, kind: .audio) == second.fileID)
            #expect(first.fileID == second.fileID) // same bytes: the emulator, like Telegram, knows the content
        }
    }

    @Test func readInsteadAndListenInsteadSendTheOtherFormOfThatStep() async throws {
        let audio = try AudioCatalogFixture(tracks: [.init(step: "prepare-tray", title: Self.planting, hertz: 440)])
        defer { audio.remove() }
        try await withBot(audioDirectory: audio.directory) { bot in
            // Given a listener with the first step as a recording
            let anna = await bot.emulator.newUser(firstName: "Анна")
            let recording = try await bot.listenerAtFirstStep(anna)
            let before = await bot.emulator.messages(in: anna.chatID).count
            // When they press "Читать"
            await bot.emulator.pressButton("au:r:s.planting.prepare-tray", on: recording.messageID, from: anna)
            let text = try #require(try await bot.replies(to: anna, count: before + 1).last)
            // Then the full text of that step comes, with its buttons and "Слушать"
            #expect(text.kind == .text)
            #expect(text.text?.contains("Вымой руки") == true)
            let labels = text.buttons.flatMap { $0 }
            #expect(labels.contains { $0.callbackData == "au:l:s.planting.prepare-tray" && $0.text == "🎧 Слушать" })
            #expect(labels.contains { $0.callbackData?.hasPrefix("p:n:planting.0") == true })
            // When they press "Слушать" on the text
            await bot.emulator.pressButton("au:l:s.planting.prepare-tray", on: text.messageID, from: anna)
            let again = try #require(try await bot.replies(to: anna, count: before + 2).last)
            // Then the recording comes again, by file_id
            #expect(again.kind == .audio)
            #expect(again.fileID == recording.fileID)
            #expect(await bot.audioSends().last?.isMultipart == false)
            // And the user did not move: Next on the new message still works
            await bot.emulator.pressButton("p:n:planting.0", on: again.messageID, from: anna)
            let next = try #require(try await bot.replies(to: anna, count: before + 3).last)
            #expect(next.text?.contains("шаг 2 из") == true) // "sowing" has no recording: text, silently
            #expect(!next.buttons.flatMap { $0 }.contains { $0.callbackData?.hasPrefix("au:") == true })
        }
    }

    // MARK: - A catalog that appears while the bot runs

    @Test func aBotStartedWithoutACatalogOffersAudioOnceTheCatalogAppearsWithoutARestart() async throws {
        // Given a bot started on an audio folder without a manifest (a fresh clone)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withBot(audioDirectory: directory) { bot in
            // and a user onboarded then: text only, no question
            let anna = await bot.emulator.newUser(firstName: "Анна")
            _ = try await bot.listenerAtFirstStep(anna, expecting: .text)
            #expect(!(await bot.emulator.messages(in: anna.chatID)).contains(where: Self.asksReadOrListen))
            #expect(try await bot.runtime.database.user(anna.id)?.narration == nil)
            // When the catalog is written while the bot runs (as the background build does)
            _ = try AudioCatalogFixture(tracks: [.init(step: "prepare-tray", title: Self.planting, hertz: 440)], in: directory)
            #expect(try await eventually { bot.runtime.narrations.library.trackCount == 1 })
            // Then the next user is asked "read or listen?" (the helper answers 🎧) and gets the recording
            let boris = await bot.emulator.newUser(firstName: "Борис")
            let step = try await bot.listenerAtFirstStep(boris)
            #expect(try await bot.runtime.database.user(boris.id)?.narration == "audio")
            #expect(step.kind == .audio)
        }
    }

    static func asksReadOrListen(_ message: BotMessage) -> Bool {
        message.buttons.flatMap { $0 }.contains { $0.callbackData == "au:m:audio" }
    }

    // MARK: - A broken catalog

    @Test func aBrokenEntryIsServedAsTextAndAdminsAreToldOnce() async throws {
        // Given a manifest whose only entry has a checksum that does not match its file
        let audio = try AudioCatalogFixture(tracks: [.init(step: "prepare-tray", title: Self.planting, hertz: 440,
                                                           sha256Override: String(repeating: "0", count: 64))])
        defer { audio.remove() }
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let admin = await emulator.newUser(firstName: "Админ")
        var bot = try await BotHarness.start(emulator: emulator, audioDirectory: audio.directory, adminIDs: [admin.id])
        let data = bot.dataDirectory
        do {
            // Then the admin gets one message naming the entry and the problem
            let report = try #require(try await bot.replies(to: admin, count: 1).first)
            #expect(report.text?.contains("записей с ошибками — 1") == true)
            #expect(report.text?.contains("$.tracks[0].file") == true)
            #expect(report.text?.contains("checksum") == true)
            // And a listener gets the step as text, with no audio and no switch button
            let anna = await emulator.newUser(firstName: "Анна")
            let step = try await bot.listenerAtFirstStep(anna, expecting: .text)
            #expect(step.text?.contains("Вымой руки") == true)
            #expect(!step.buttons.flatMap { $0 }.contains { $0.callbackData?.hasPrefix("au:") == true })
            #expect(await bot.audioSends().isEmpty)
            // When the bot restarts with the same problem
            await bot.stop(emulatorToo: false)
            bot = try await BotHarness.start(emulator: emulator, dataDirectory: data, audioDirectory: audio.directory,
                                             adminIDs: [admin.id])
            try await bot.settle()
            // Then the admin is not told again
            #expect(await emulator.messages(in: admin.chatID).count == 1)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }
}

// MARK: - Driving a listener

extension BotHarness {
    /// /start, a zone, 09:00, "audio" when offered: returns the first step as the user sees it (it follows at once).
    func listenerAtFirstStep(_ user: SimulatedUser, expecting kind: BotMessage.Kind = .audio) async throws -> BotMessage {
        await emulator.sendText("/start", from: user)
        let question = try #require(try await replies(to: user, count: 2).last) // the zone question under the welcome
        await emulator.pressButton("s:o:Europe/Moscow", on: question.messageID, from: user)
        let time = try #require(try await replies(to: user, count: 3).last)
        await emulator.pressButton("s:om:540", on: time.messageID, from: user)
        try await settle()
        // With recordings on offer, the question arrives as a new message under the saved time
        let shown = await emulator.messages(in: user.chatID)
        var step = try #require(shown.last)
        if let question = shown.last, question.buttons.flatMap({ $0 }).contains(where: { $0.callbackData == "au:o:audio" }) {
            await emulator.pressButton("au:o:audio", on: question.messageID, from: user)
            // The first stage's opening text, then its first step
            step = try #require(try await replies(to: user, count: shown.count + 2).last)
        }
        #expect(step.kind == kind)
        try await settle() // Delivery records Telegram's file_id after the message is out
        return step
    }

    func audioSends() async -> [RecordedRequest] {
        await emulator.requestLog().filter { $0.method == "sendAudio" }
    }
}

/// A catalog of tiny real MP3s (sox tone, lame 128 kbps CBR) for microgreens/ru planting steps,
/// with a manifest whose checksums and durations match, unless a test breaks one on purpose.
struct AudioCatalogFixture {
    struct Track {
        var step: String
        var title: String
        var hertz: Int
        var sha256Override: String? = nil
    }

    struct Written {
        var step: String
        var sha256: String
    }

    let directory: URL
    let tracks: [Written]

    init(tracks: [Track], in existing: URL? = nil) throws {
        let directory = existing ?? FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-audio-\(UUID().uuidString)")
        let folder = directory.appendingPathComponent("generated/microgreens/ru")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var entries: [AudioManifest.Entry] = []
        var written: [Written] = []
        for track in tracks {
            let file = "generated/microgreens/ru/planting.\(track.step).mp3"
            let url = directory.appendingPathComponent(file)
            try Self.encodeTone(hertz: track.hertz, seconds: 2, to: url)
            let data = try Data(contentsOf: url)
            let sha = BlobKey.of(data).hex
            let stream = try MP3Probe.inspect(data)
            entries.append(AudioManifest.Entry(track: AudioTrack(
                program: "microgreens", locale: "ru", target: .step(stage: "planting", step: track.step), file: file, url: url,
                title: track.title, narrator: "test tone", durationSeconds: stream.durationSeconds,
                sha256: track.sha256Override ?? sha)))
            written.append(Written(step: track.step, sha256: sha))
        }
        try AudioManifest(tracks: entries).write(to: directory.appendingPathComponent("manifest.json"))
        self.directory = directory
        self.tracks = written
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func encodeTone(hertz: Int, seconds: Int, to url: URL) throws {
        let wav = url.deletingPathExtension().appendingPathExtension("wav")
        try run("sox", ["-n", "-r", "44100", "-c", "1", "-b", "16", wav.path, "synth", String(seconds), "sine", String(hertz), "gain", "-6"])
        try run("lame", ["--silent", "-b", "128", "--cbr", wav.path, url.path])
        try FileManager.default.removeItem(at: wav)
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(description: "\(tool) failed (exit \(process.terminationStatus)); install sox and lame")
        }
    }

    struct ToolFailure: Error, CustomStringConvertible {
        let description: String
    }
}
