import Foundation
import Testing
import TestSupport
import TelegramEmulator

/// A fresh clone has no `audio/manifest.json` and no `audio/generated`: `sogreto run
/// --build-missing-audio` (what `scripts/run` starts) answers at once, narrates the practices in
/// the background, and offers audio without a restart once the catalog is written. The content is
/// the tiny two-locale `hum` program so the build takes seconds; espeak-ng waits behind a gate the
/// test opens, so the bot provably answers while the build is still running.
@Suite(.enabled(if: FreshClone.espeak != nil && FreshClone.hasTool("sox") && FreshClone.hasTool("lame"),
                "espeak-ng, sox and lame are needed: apt-get install -y espeak-ng sox lame"))
struct FreshCloneAudioEndToEndTests {
    @Test func theBotAnswersWhileTheNarrationIsBuiltAndOffersAudioWhenItIsReady() async throws {
        let clone = try FreshClone()
        defer { clone.remove() }
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        // Given a fresh clone: no manifest, no generated recordings
        #expect(!FileManager.default.fileExists(atPath: clone.audio.appendingPathComponent("manifest.json").path))
        #expect(!FileManager.default.fileExists(atPath: clone.audio.appendingPathComponent("generated").path))
        // When the bot starts as scripts/run starts it
        let process = try clone.startBot(emulator)
        // Then it says the catalog is being built in the background
        #expect(try await eventually(within: .seconds(30)) { clone.log.contains("narration catalog missing: building in the background") },
                "\(clone.log)")
        // and answers a newcomer meanwhile, with the build still held at its first recording
        let anna = await emulator.newUser(firstName: "Anna", languageCode: "en")
        await emulator.sendText("/start", from: anna)
        let opening = try await emulator.waitForMessages(in: anna.chatID, count: 2, timeout: .seconds(30))
        #expect(opening.count == 2) // the welcome and the time-zone question
        #expect(!FileManager.default.fileExists(atPath: clone.manifest.path))
        #expect(!clone.log.contains("narration catalog built"))
        // When the build may go on
        try Data().write(to: clone.gate)
        // Then the manifest is written and the running bot picks it up, as the log says
        #expect(try await eventually(within: .seconds(90)) { clone.log.contains("narration catalog ready") }, "\(clone.log)")
        #expect(FileManager.default.fileExists(atPath: clone.manifest.path))
        // and the newcomer's onboarding now asks: read or listen
        let zone = try #require(opening.last)
        await emulator.pressButton(try Self.firstButton(zone, "s:o"), on: zone.messageID, from: anna)
        let timeQuestion = try #require(try await emulator.waitForMessages(in: anna.chatID, count: 3, timeout: .seconds(30)).last)
        await emulator.pressButton(try Self.firstButton(timeQuestion, "s:om:"), on: timeQuestion.messageID, from: anna)
        let asked = try await eventualValue(within: .seconds(30)) {
            await emulator.messages(in: anna.chatID).first { $0.buttons.joined().contains { $0.callbackData == "au:o:audio" } }
        }
        let shown = await emulator.messages(in: anna.chatID).compactMap(\.text)
        #expect(asked != nil, "\(shown)")
        #expect(await process.terminate() == 0)
        await emulator.shutdown()
    }

    private static func firstButton(_ message: BotMessage, _ prefix: String) throws -> String {
        try #require(message.buttons.joined().compactMap(\.callbackData).first { $0.hasPrefix(prefix) && $0 != "s:os" },
                     "no \(prefix) button on: \(message.text ?? "")")
    }
}

/// A temporary checkout as a fresh clone has it: the repository's assets with only the `hum`
/// program, an empty audio folder, and an espeak-ng that waits for `gate` to exist.
struct FreshClone {
    static let espeak: URL? = ["/usr/bin/espeak-ng", "/usr/local/bin/espeak-ng"].map(URL.init(fileURLWithPath:))
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    static func hasTool(_ name: String) -> Bool {
        ["/usr/bin", "/usr/local/bin", "/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    let root: URL
    var assets: URL { root.appendingPathComponent("assets") }
    var audio: URL { root.appendingPathComponent("audio") }
    var manifest: URL { audio.appendingPathComponent("manifest.json") }
    var gate: URL { root.appendingPathComponent("gate") }
    var tools: URL { root.appendingPathComponent("bin") }
    var logFile: URL { root.appendingPathComponent("bot.log") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-fresh-\(UUID().uuidString)")
        let files = FileManager.default
        for folder in [assets, audio, tools, assets.appendingPathComponent("programs")] {
            try files.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let repositoryAssets = repositoryRoot.appendingPathComponent("assets")
        for name in try files.contentsOfDirectory(atPath: repositoryAssets.path) where name != "programs" {
            try files.createSymbolicLink(at: assets.appendingPathComponent(name), withDestinationURL: repositoryAssets.appendingPathComponent(name))
        }
        let hum = repositoryRoot.appendingPathComponent("Tests/AudioTests/Fixtures/programs/hum")
        try files.copyItem(at: hum, to: assets.appendingPathComponent("programs/hum"))
        let wrapper = tools.appendingPathComponent("espeak-ng")
        try """
        #!/bin/sh
        while [ ! -e '\(gate.path)' ]; do sleep 0.05; done
        exec '\(Self.espeak?.path ?? "espeak-ng")' "$@"
        """.write(to: wrapper, atomically: true, encoding: .utf8)
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        _ = files.createFile(atPath: logFile.path, contents: nil)
    }

    func startBot(_ emulator: TelegramEmulator) throws -> ChildProcess {
        let environment = [
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": root.appendingPathComponent("data").path,
            "SOGRETO_ASSETS_DIR": assets.path,
            "SOGRETO_AUDIO_DIR": audio.path,
            "SOGRETO_LOG_LEVEL": "info",
            "PATH": "\(tools.path):/usr/local/bin:/usr/bin:/bin",
        ]
        let log = try FileHandle(forWritingTo: logFile)
        return try ChildProcess(sogretoBinary, arguments: ["run", "--build-missing-audio"], environment: environment,
                                output: log, errors: log)
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
