import Foundation
import Testing
import TelegramEmulator
@testable import Bot
@testable import Maintenance
import TestSupport

/// One owner per data directory: a second bot, `migrate` and `restore --force` are refused while
/// `sogreto run` holds the directory, `backup` still works beside it, and `kill -9` frees it.
@Suite(.serialized) struct DataDirectoryLockTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sogretoBinary.path), "needs the built sogreto executable"))
    func aRunningBotsDirectoryRefusesEveryOtherWriterUntilTheBotIsKilled() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let data = temporaryDirectory("locked")
        let spare = temporaryDirectory("spare")
        defer { for url in [data, spare] { try? FileManager.default.removeItem(at: url) } }
        let environment = botEnvironment(emulator: emulator, data: data)
        // Given `sogreto run` answering a user
        let bot = try startBot(environment: environment, in: data)
        defer { if bot.isRunning { kill(bot.processIdentifier, SIGKILL) } }
        let user = await emulator.newUser(firstName: "Lock")
        await emulator.sendText("/start", from: user)
        _ = try await emulator.waitForMessages(in: user.chatID, count: 1, timeout: .seconds(30))
        let holder = "is in use by pid \(bot.processIdentifier) (sogreto run)"

        // When a second bot, `migrate` and `restore --force` try the same directory
        // (Bounded: a second bot that is not refused would run until stopped.)
        let second = try await runCommandBounded(["run"], environment: environment, in: data)
        let migrate = try await runCommand(sogretoBinary, ["migrate"], environment: environment, in: data)
        let backup = try await runCommand(sogretoBinary, ["backup", "--into", spare.path], environment: environment, in: data)
        #expect(backup.status == 0, "\(backup.standardError)")
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: spare.path).first)
        let restore = try await runCommand(sogretoBinary, ["restore", spare.appendingPathComponent(folder).path,
                                                           "--to", data.path, "--force"], environment: environment, in: data)
        // Then each is refused with one sentence naming the bot's process, and the bot goes on
        for refused in [second, migrate, restore] {
            #expect(refused.status != 0)
            #expect(refused.standardError.contains(holder), "\(refused.standardError)")
            #expect(refused.standardError.split(separator: "\n").count == 1, "\(refused.standardError)")
        }
        let before = await emulator.messages(in: user.chatID).count
        await emulator.sendText("/help", from: user)
        _ = try await emulator.waitForMessages(in: user.chatID, count: before + 1, timeout: .seconds(30))

        // When the bot is killed with SIGKILL
        kill(bot.processIdentifier, SIGKILL)
        await exited(bot)
        // Then the kernel freed the lock: migrate and restore --force go through
        let after = try await runCommand(sogretoBinary, ["migrate"], environment: environment, in: data)
        #expect(after.status == 0, "\(after.standardError)")
        let restored = try await runCommand(sogretoBinary, ["restore", spare.appendingPathComponent(folder).path,
                                                            "--to", data.path, "--force"], environment: environment, in: data)
        #expect(restored.status == 0, "\(restored.standardError)")
        await emulator.shutdown()
    }

    @Test func restoreIsRefusedWhileAnAdminToolHasTheDirectoryOpen() throws {
        let root = temporaryDirectory("lock-share")
        defer { try? FileManager.default.removeItem(at: root) }
        let live = root.appendingPathComponent("live")
        let database = try AppDatabase.open(at: live.appendingPathComponent("sogreto.sqlite"))
        let backup = try BackupWriter(database: database, dataDirectory: live).make(now: Date())
        // Given an admin tool holding the target's shared lock
        var admin: DataDirectoryLock? = try DataDirectoryLock(live, for: .share)
        // When a restore replaces that directory, it is refused and the database is untouched
        let refusal = #expect(throws: BackupError.self) { try BackupRestorer.restore(backup.folder, to: live, force: true) }
        #expect(refusal?.code == .targetInUse)
        #expect(refusal?.description.contains("is in use by pid \(ProcessInfo.processInfo.processIdentifier)") == true)
        // And a second admin tool is welcome beside the first, an owner too
        #expect(throws: Never.self) { _ = try DataDirectoryLock(live, for: .share) }
        #expect(throws: Never.self) { _ = try DataDirectoryLock(live, for: .own) }
        // Once the admin tool is gone the restore goes through
        withExtendedLifetime(admin) {}
        admin = nil
        #expect(throws: Never.self) { try BackupRestorer.restore(backup.folder, to: live, force: true) }
    }

    private func botEnvironment(emulator: TelegramEmulator, data: URL) -> [String: String] {
        [
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": data.path,
            "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
            "SOGRETO_AUDIO_DIR": data.appendingPathComponent("no-audio").path,
            "SOGRETO_BACKUP_TIME": "off",
            "SOGRETO_LOG_LEVEL": "error",
            "PATH": "/usr/bin:/bin",
        ]
    }

    /// The built binary to completion, killed (and so failing the test) after 20 seconds.
    private func runCommandBounded(_ arguments: [String], environment: [String: String], in directory: URL) async throws -> CommandOutput {
        let process = Process()
        process.executableURL = sogretoBinary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let errors = directory.appendingPathComponent("second-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        if await !exited(process, within: .seconds(20)) {
            Issue.record("a second `sogreto \(arguments.joined(separator: " "))` was not refused")
        }
        return CommandOutput(status: process.terminationStatus, standardOutput: "",
                             standardError: (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }

    private func startBot(environment: [String: String], in directory: URL) throws -> Process {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = sogretoBinary
        process.arguments = ["run"]
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
