import Foundation
import Testing
import TestSupport

/// The built binary finds its assets without SOGRETO_ASSETS_DIR from any working directory: the
/// installed layout first (`../share/sogreto/assets` beside the executable), then its source tree.
@Suite struct AssetsLocationTests {
    static let enabled = FileManager.default.isExecutableFile(atPath: sogretoBinary.path)

    @Test(.enabled(if: enabled, "needs the built sogreto executable"))
    func theBuiltBinaryFindsItsSourceTreesAssetsFromAnotherFolder() async throws {
        let elsewhere = temporaryDirectory("elsewhere")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        // When the bot is checked from a folder with no assets, SOGRETO_ASSETS_DIR unset
        let run = try await runCommand(sogretoBinary, ["run", "--dry-run"], environment: Self.environment(data: elsewhere),
                                       in: elsewhere)
        let check = try await runCommand(sogretoBinary, ["content", "check"], environment: Self.environment(data: elsewhere),
                                         in: elsewhere)
        // Then it used the assets of the tree it was built from
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("assets: \(repositoryRoot.appendingPathComponent("assets").path)"), "\(run.standardOutput)")
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("OK:"))
    }

    @Test(.enabled(if: enabled, "needs the built sogreto executable"))
    func anInstalledBinaryUsesTheAssetsBesideIt() async throws {
        // Given an installed layout: <prefix>/bin/sogreto and <prefix>/share/sogreto/assets
        let prefix = temporaryDirectory("prefix")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let files = FileManager.default
        try files.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try files.createDirectory(at: prefix.appendingPathComponent("share/sogreto"), withIntermediateDirectories: true)
        let installed = prefix.appendingPathComponent("bin/sogreto")
        // A hard link, not a symbolic one: the executable's own path is what counts.
        if (try? files.linkItem(at: sogretoBinary, to: installed)) == nil { try files.copyItem(at: sogretoBinary, to: installed) }
        let assets = prefix.appendingPathComponent("share/sogreto/assets")
        try files.copyItem(at: repositoryRoot.appendingPathComponent("assets"), to: assets)
        // When it runs from its data directory
        let data = prefix.appendingPathComponent("data")
        try files.createDirectory(at: data, withIntermediateDirectories: true)
        let run = try await runCommand(installed, ["run", "--dry-run"], environment: Self.environment(data: data), in: data)
        // Then the assets beside it were used, not the source tree's
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("assets: \(assets.path)"), "\(run.standardOutput)")
        // And a media command draws its captions with those assets' fonts, found the same way
        let photos = repositoryRoot.appendingPathComponent("Tests/ReportsTests/Fixtures")
        let collage = data.appendingPathComponent("collage.jpg")
        let draw = try await runCommand(installed, ["media", "collage", photos.appendingPathComponent("plant-day1.jpg").path,
                                                    photos.appendingPathComponent("plant-day2.jpg").path,
                                                    "--labels", "День 1,День 2", "-o", collage.path],
                                        environment: Self.environment(data: data), in: data)
        #expect(draw.status == 0, "\(draw.standardError)")
        #expect(files.fileExists(atPath: collage.path))
    }

    static func environment(data: URL) -> [String: String] {
        [
            "TELEGRAM_BOT_TOKEN": "123456789:AAAAAAAAAAAAAAAAAAAAAA",
            "SOGRETO_DATA_DIR": data.path,
            "SOGRETO_AUDIO_DIR": data.appendingPathComponent("no-audio").path,
            "PATH": "/usr/bin:/bin",
        ]
    }
}
