import Foundation
import Testing
import TelegramEmulator
@testable import Bot

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

    @Test func helpAndTheDiaryNeverLoadLibvips() async throws {
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

    @Test func anImageCommandLoadsLibvipsAndAMissingOneIsASentence() async throws {
        let photo = Self.fixtures.appendingPathComponent("plant-day1.jpg").path
        // When an image command runs normally
        let green = try await Subprocess.run(sogretoBinary, ["media", "green", photo],
                                             environment: ["LD_DEBUG": "files", "PATH": "/usr/bin:/bin"])
        // Then libvips is opened for it and the job works
        #expect(green.status == 0, "\(green.errorOutput.suffix(500))")
        #expect(green.errorOutput.contains("libvips.so.42"))
        #expect(Double(green.output.trimmingCharacters(in: .whitespacesAndNewlines)) != nil)

        // When libvips cannot be found
        let missing = try await Subprocess.run(sogretoBinary, ["media", "green", photo],
                                               environment: ["SOGRETO_LIBVIPS": "/nonexistent/libvips.so.42",
                                                             "PATH": "/usr/bin:/bin"])
        // Then the command fails with a sentence naming the cause, and does not crash
        #expect(missing.status == 1)
        #expect(missing.errorOutput.contains("libvips could not be loaded"), "\(missing.errorOutput)")
    }

    @Test func theBotStartsWithoutLibvipsAndLoadsItForTheFirstPhoto() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-lazy-bot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let user = await emulator.newUser(firstName: "L")
        let bot = try BotProcess(emulator: emulator, dataDirectory: directory)
        let maps = URL(fileURLWithPath: "/proc/\(bot.process.processIdentifier)/maps")
        // procfs files report size 0, so they are read with cat rather than Foundation
        func mapped() async throws -> String { try await Subprocess.run(URL(fileURLWithPath: "/bin/cat"), [maps.path]).output }
        // Given a started bot that has answered a user
        await emulator.sendText("/start", from: user)
        _ = try await emulator.waitForMessages(in: user.chatID, count: 1, timeout: .seconds(30))
        // Then libvips is not in its memory
        let before = try await mapped()
        #expect(before.contains("libhpdf"), "the maps were read")
        #expect(!before.contains("libvips"))

        // When the user sends a photo
        try await emulator.sendPhoto(try SproutPhotos.jpeg(day: 1), from: user)
        let deadline = Date().addingTimeInterval(30)
        while await !emulator.messages(in: user.chatID).contains(where: { $0.text?.contains("сохранено") == true }),
              Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        // Then the photo is saved and libvips is now loaded
        #expect(await emulator.messages(in: user.chatID).contains { $0.text?.contains("сохранено") == true })
        #expect(try await mapped().contains("libvips.so.42"))
        #expect(await bot.terminate() == 0)
    }
}
