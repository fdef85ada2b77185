import Foundation
import Testing
import TestSupport

/// An editor's walk on the command line: list, start and adopt an experiment (`sogreto admin
/// experiments`), then `content check` warns that the files still have the adopted variants.
@Suite struct ExperimentCommandTests {
    static let enabled = FileManager.default.isExecutableFile(atPath: sogretoBinary.path)

    @Test(.enabled(if: enabled, "needs the built sogreto executable"))
    func startAdoptAndTheContentCheckWarning() async throws {
        let folder = temporaryDirectory("ab-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let assets = try Self.assetsWithExperiment(in: folder)
        let environment = AssetsLocationTests.environment(data: folder.appendingPathComponent("data"))
            .merging(["SOGRETO_ASSETS_DIR": assets.path]) { _, new in new }
        func sogreto(_ arguments: String...) async throws -> CommandOutput {
            try await runCommand(sogretoBinary, arguments, environment: environment, in: folder)
        }
        // Given the declared experiment: listed, not started
        let listed = try await sogreto("admin", "experiments")
        #expect(listed.status == 0 && listed.standardOutput.contains("day2-reminder") && listed.standardOutput.contains("draft"),
                "\(listed.standardOutput)\(listed.standardError)")
        let clean = try await sogreto("content", "check", assets.appendingPathComponent("programs").path)
        #expect(clean.status == 0 && !clean.standardOutput.contains("warning"), "\(clean.standardOutput)")
        // When it is started, a wrong variant refused, and b adopted
        #expect(try await sogreto("admin", "experiments", "day2-reminder", "--start").standardOutput.contains("running"))
        let wrong = try await sogreto("admin", "experiments", "day2-reminder", "--adopt", "z")
        #expect(wrong.status != 0 && wrong.standardError.contains("has no variant \"z\""))
        #expect(try await sogreto("admin", "experiments", "day2-reminder", "--adopt", "b").standardOutput.contains("adopted b"))
        // Then the check still passes but says the files still hold the variants
        let check = try await sogreto("content", "check", assets.appendingPathComponent("programs").path)
        #expect(check.status == 0)
        #expect(check.standardOutput.contains(#"warning: programs/microgreens: experiment "day2-reminder" adopted variant "b""#),
                "\(check.standardOutput)")
    }

    /// The repository's assets (linked) with a copy of the programs whose microgreens program
    /// tests its day-2 reminder: a as it is, b with a sprout in front.
    static func assetsWithExperiment(in folder: URL) throws -> URL {
        let manager = FileManager.default
        let source = repositoryRoot.appendingPathComponent("assets"), assets = folder.appendingPathComponent("assets")
        try manager.createDirectory(at: assets, withIntermediateDirectories: true)
        for entry in try manager.contentsOfDirectory(atPath: source.path) where entry != "programs" {
            try manager.createSymbolicLink(at: assets.appendingPathComponent(entry), withDestinationURL: source.appendingPathComponent(entry))
        }
        try manager.copyItem(at: source.appendingPathComponent("programs"), to: assets.appendingPathComponent("programs"))
        let program = assets.appendingPathComponent("programs/microgreens")
        let structure = program.appendingPathComponent("program.json")
        let declaration = #""experiments": [ { "id": "day2-reminder", "texts": ["stages.sprouts.unlock"], "variants": {"a": 1, "b": 1}, "metric": "next-step" } ],"#
        try String(contentsOf: structure, encoding: .utf8).replacingOccurrences(of: #""stages": ["#, with: declaration + #" "stages": ["#)
            .write(to: structure, atomically: true, encoding: .utf8)
        for locale in ["ru", "en"] {
            let url = program.appendingPathComponent("\(locale).json")
            var text = try String(contentsOf: url, encoding: .utf8)
            let stage = try #require(text.range(of: #""sprouts": {"#))
            let key = try #require(text.range(of: #""unlock": ""#, range: stage.upperBound..<text.endIndex))
            var end = key.upperBound
            while text[end] != "\"" || text[text.index(before: end)] == "\\" { end = text.index(after: end) }
            let literal = String(text[text.index(before: key.upperBound)...end])
            text.replaceSubrange(text.index(before: key.upperBound)...end,
                                 with: #"{"variants": {"a": "# + literal + #", "b": "🌱 "# + literal.dropFirst() + "}}")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return assets
    }
}
