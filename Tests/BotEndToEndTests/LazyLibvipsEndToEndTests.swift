import Foundation
import Testing
import TelegramEmulator
@testable import Bot
import TestSupport

/// The `sogreto` executable does not link libvips (its ~100 libraries cost ~25 ms and ~20 MB at
/// every start): the media shim opens it on the first image job. These tests watch the real
/// binary: its ELF dependencies, the loader's own trace (LD_DEBUG) and a running bot's maps.
@Suite(.serialized) struct LazyLibvipsEndToEndTests {
    private static let fixtures = repositoryRoot.appendingPathComponent("Tests/ReportsTests/Fixtures")

    @Test func theExecutableLinksNeitherLibvipsNorGlib() async throws {
        // When the executable's dynamic section is read
        let elf = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/readelf"), ["-d", sogretoBinary.path])
        let needed = elf.output.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        // Then it needs libharu (so the listing is real) but no libvips, GLib or GObject
        #expect(needed.contains { $0.contains("libhpdf") })
        #expect(!needed.contains { $0.contains("libvips") || $0.contains("libglib") || $0.contains("libgobject") })
    }

    @Test func helpAndThePracticeDiaryNeverLoadLibvips() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-lazy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The dynamic loader lists every library it opens, at exec and by dlopen, on stderr.
        let traced = ["LD_DEBUG": "files", "PATH": "/usr/bin:/bin"]
        // When `--help` runs, and a diary with photos is rendered
        let help = try await Subprocess.run(sogretoBinary, ["--help"], environment: traced)
        let pdf = directory.appendingPathComponent("diary.pdf")
        let render = try await Subprocess.run(
            sogretoBinary,
            ["diary", "render", Self.fixtures.appendingPathComponent("diary-ru.json").path, "-o", pdf.path,
             "--data-dir", Self.fixtures.path, "--assets", repositoryRoot.appendingPathComponent("assets").path],
            environment: traced)
        // Then both succeed, the trace shows the libraries they do load, and libvips is not among them
        #expect(help.status == 0)
        #expect(render.status == 0, "\(render.errorOutput.suffix(500))")
        #expect(render.errorOutput.contains("libhpdf"), "LD_DEBUG traced the loader")
        #expect(!help.errorOutput.contains("libvips"))
        #expect(!render.errorOutput.contains("libvips"))
        #expect(FileManager.default.fileExists(atPath: pdf.path))
    }

    @Test func aPlainJPEGJobNeverLoadsLibvips() async throws {
        let photo = Self.fixtures.appendingPathComponent("plant-day1.jpg").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-lazy-jpeg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let traced = ["LD_DEBUG": "files", "PATH": "/usr/bin:/bin"]
        // When a plain JPEG (no colour profile) is measured and ingested
        let green = try await Subprocess.run(sogretoBinary, ["media", "green", photo], environment: traced)
        let main = directory.appendingPathComponent("main.jpg"), thumb = directory.appendingPathComponent("thumb.jpg")
        let ingest = try await Subprocess.run(sogretoBinary, ["media", "ingest", photo, "-o", main.path, "--thumb", thumb.path],
                                              environment: traced)
        // Then both jobs work on libjpeg alone: libjpeg is traced, libvips never opened
        #expect(green.status == 0, "\(green.errorOutput.suffix(500))")
        #expect(ingest.status == 0, "\(ingest.errorOutput.suffix(500))")
        #expect(Double(green.output.trimmingCharacters(in: .whitespacesAndNewlines)) != nil)
        #expect(ingest.errorOutput.contains("libjpeg.so"), "LD_DEBUG traced the loader")
        #expect(!green.errorOutput.contains("libvips"))
        #expect(!ingest.errorOutput.contains("libvips"))
        #expect(try Data(contentsOf: main).starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(try Data(contentsOf: thumb).starts(with: [0xFF, 0xD8, 0xFF]))
    }

    @Test func aCollageAndATimelineOfPlainJPEGsNeverLoadLibvips() async throws {
        let photos = ["plant-day1.jpg", "plant-day2.jpg", "plant-day4.jpg", "plant-portrait.jpg"]
            .map { Self.fixtures.appendingPathComponent($0).path }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-lazy-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let traced = ["LD_DEBUG": "files", "PATH": "/usr/bin:/bin"]
        let collagePath = directory.appendingPathComponent("collage.jpg"), timelinePath = directory.appendingPathComponent("timeline.jpg")
        // When a collage and a timeline with its growth curve are drawn from plain JPEGs
        let collage = try await Subprocess.run(
            sogretoBinary, ["media", "collage", photos[0], photos[2], "--labels", "День 1,День 4", "-o", collagePath.path],
            environment: traced)
        let timeline = try await Subprocess.run(
            sogretoBinary, ["media", "timeline"] + photos + ["--days", "1,2,4,6", "--curve", "Зелень на фото",
                                                            "-o", timelinePath.path],
            environment: traced)
        // Then both work on libjpeg and FreeType alone: both are traced, libvips never opened
        #expect(collage.status == 0, "\(collage.errorOutput.suffix(500))")
        #expect(timeline.status == 0, "\(timeline.errorOutput.suffix(500))")
        #expect(collage.errorOutput.contains("libjpeg.so") && collage.errorOutput.contains("libfreetype.so"),
                "LD_DEBUG traced the loader")
        #expect(!collage.errorOutput.contains("libvips"))
        #expect(!timeline.errorOutput.contains("libvips"))
        #expect(try Data(contentsOf: collagePath).starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(try Data(contentsOf: timelinePath).starts(with: [0xFF, 0xD8, 0xFF]))
    }

    @Test func aCollageWithAPNGLoadsLibvipsAndAMissingOneIsASentence() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-lazy-collage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Given a plain JPEG and a PNG (which only libvips decodes)
        let before = Self.fixtures.appendingPathComponent("plant-day1.jpg").path
        let after = directory.appendingPathComponent("day4.png")
        try SproutPhotos.encoded(day: 4, as: ".png").write(to: after)
        let output = directory.appendingPathComponent("collage.jpg").path
        let arguments = ["media", "collage", before, after.path, "--labels", "День 1,День 4", "-o", output]
        // When a collage of them is made normally
        let collage = try await Subprocess.run(sogretoBinary, arguments,
                                               environment: ["LD_DEBUG": "files", "PATH": "/usr/bin:/bin"])
        // Then libvips is opened for the PNG and the job works
        #expect(collage.status == 0, "\(collage.errorOutput.suffix(500))")
        #expect(collage.errorOutput.contains("libvips.so.42"))
        #expect(FileManager.default.fileExists(atPath: output))

        // When libvips cannot be found
        let missing = try await Subprocess.run(sogretoBinary, arguments,
                                               environment: ["SOGRETO_LIBVIPS": "/nonexistent/libvips.so.42",
                                                             "PATH": "/usr/bin:/bin"])
        // Then the command fails with a sentence naming the cause, and does not crash
        #expect(missing.status == 1)
        #expect(missing.errorOutput.contains("libvips could not be loaded"), "\(missing.errorOutput)")
    }

    @Test func theBotStartsWithoutLibvipsAndLoadsItForTheFirstPhotoThatNeedsIt() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-lazy-bot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let user = await emulator.newUser(firstName: "L")
        let bot = try BotProcess(emulator: emulator, dataDirectory: directory)
        let maps = URL(fileURLWithPath: "/proc/\(bot.pid)/maps")
        // procfs files report size 0, so they are read with cat rather than Foundation
        func mapped() async throws -> String { try await Subprocess.run(URL(fileURLWithPath: "/bin/cat"), [maps.path]).output }
        // Given a started bot that has answered a user
        await emulator.sendText("/start", from: user)
        _ = try await emulator.waitForMessages(in: user.chatID, count: 1, timeout: .seconds(30))
        // Then libvips is not in its memory
        let before = try await mapped()
        #expect(before.contains("libhpdf"), "the maps were read")
        #expect(!before.contains("libvips"))

        // When the user sends a plain JPEG photo
        try await emulator.sendPhoto(try SproutPhotos.jpeg(day: 1), from: user)
        try await Self.waitForSavedPhotos(1, emulator: emulator, chatID: user.chatID)
        // Then it is saved on libjpeg alone: libvips is still not loaded
        #expect(try await !mapped().contains("libvips"))

        // When the user sends a PNG as a file
        await emulator.sendDocument(try SproutPhotos.encoded(day: 2, as: ".png"), fileName: "day2.png",
                                    mimeType: "image/png", from: user)
        try await Self.waitForSavedPhotos(2, emulator: emulator, chatID: user.chatID)
        // Then the photo is saved and libvips is now loaded
        #expect(try await mapped().contains("libvips.so.42"))
        #expect(await bot.terminate() == 0)
    }

    private static func waitForSavedPhotos(_ count: Int, emulator: TelegramEmulator, chatID: Int64) async throws {
        func saved() async -> Int { await emulator.messages(in: chatID).filter { $0.text?.contains("сохранено") == true }.count }
        _ = try await eventually(within: .seconds(30)) { await saved() >= count }
        #expect(await saved() == count)
    }
}
