import Foundation
import Testing
import TelegramEmulator
@testable import Media
import TestSupport

/// Under umask 022 the built binary still writes files 0640 and folders 0750: database, media,
/// backups, logs, lock files and a restored copy.
@Suite(.serialized) struct FileModesTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sogretoBinary.path), "needs the built sogreto executable"))
    func everythingTheBinaryWritesIsPrivateWhateverTheUmask() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let root = temporaryDirectory("modes")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let data = root.appendingPathComponent("data")
        let environment = [
            "TELEGRAM_BOT_TOKEN": emulator.token, "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": data.path, "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
            "SOGRETO_AUDIO_DIR": root.appendingPathComponent("no-audio").path, "SOGRETO_BACKUP_TIME": "off",
            "SOGRETO_LOG_DIR": data.appendingPathComponent("logs").path, "SOGRETO_LOG_LEVEL": "info", "PATH": "/usr/bin:/bin",
        ]
        // Given the bot started under umask 022, and a user who saved a photo
        let bot = try Self.underUmask022(["run"], environment: environment, in: root)
        defer { if bot.isRunning { kill(bot.processIdentifier, SIGKILL) } }
        let user = await emulator.newUser(firstName: "Вера")
        await emulator.sendText("/start mg-1", from: user)
        _ = try await emulator.waitForMessages(in: user.chatID, count: 1, timeout: .seconds(30))
        try await emulator.sendPhoto(try Self.photo(), from: user)
        try await saved(emulator, user)
        // When a backup is taken and restored elsewhere, also under umask 022
        let backup = try Self.underUmask022(["backup"], environment: environment, in: root)
        bot.terminate()
        await exited(bot)
        await exited(backup)
        #expect(backup.terminationStatus == 0)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("backups").path).first)
        let restored = root.appendingPathComponent("restored")
        let restore = try Self.underUmask022(["restore", name, "--to", restored.path], environment: environment, in: root)
        await exited(restore)
        #expect(restore.terminationStatus == 0)
        // Then every file is at most 0640 and every folder at most 0750
        let written = Self.modes(under: data)
        #expect(written.keys.contains { $0.hasPrefix("media/") }, "a photo blob was written")
        #expect(written.keys.contains { $0.hasPrefix("logs/") }, "a log file was written")
        #expect(written.keys.contains { $0.hasPrefix("backups/") && $0.hasSuffix("manifest.json") })
        #expect(written.keys.contains("sogreto.lock"))
        for (path, mode) in written.merging(Self.modes(under: restored).mapKeys { "restored/" + $0 }, uniquingKeysWith: { a, _ in a }) {
            let allowed: mode_t = mode & S_IFMT == S_IFDIR ? 0o750 : 0o640
            #expect(mode & 0o777 & ~allowed == 0, "\(path) is \(String(mode & 0o777, radix: 8))")
        }
        await emulator.shutdown()
    }

    /// Waits for the bot's "photo of day N saved" reply.
    private func saved(_ emulator: TelegramEmulator, _ user: SimulatedUser) async throws {
        let saved = try await eventually(within: .seconds(30)) {
            await emulator.messages(in: user.chatID).compactMap { $0.text ?? $0.caption }.contains { $0.contains("сохранено") }
        }
        #expect(saved, "the photo was not saved in time")
    }

    /// The built binary under `umask 022`, started from `directory`.
    static func underUmask022(_ arguments: [String], environment: [String: String], in directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask 022 && exec \"$0\" \"$@\"", sogretoBinary.path] + arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The data directory and everything in it (the folder itself as "."), links not followed.
    static func modes(under root: URL) -> [String: mode_t] {
        var result: [String: mode_t] = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            var status = stat()
            guard lstat(url.path, &status) == 0 else { continue }
            result[relative.isEmpty ? "." : relative] = status.st_mode
            guard status.st_mode & S_IFMT == S_IFDIR else { continue }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
                pending.append(relative.isEmpty ? name : relative + "/" + name)
            }
        }
        return result
    }

    /// A small generated photo of green leaves on soil.
    static func photo() throws -> Data {
        let (width, height) = (120, 90)
        var samples = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let green = (x / 10 + y / 10) % 3 == 0
                let index = (y * width + x) * 3
                samples[index] = green ? 60 : 110
                samples[index + 1] = green ? 170 : 80
                samples[index + 2] = 55
            }
        }
        let small = try FixtureImage.fromPixels(samples, width: width, height: height, bands: 3, interpretation: .srgb)
        return try small.resampled(width: 640, height: 480).encoded(as: ".jpg[Q=90]")
    }
}

private extension Dictionary {
    func mapKeys(_ transform: (Key) -> Key) -> [Key: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
