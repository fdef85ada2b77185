import ArgumentParser
import Bot
import Foundation
import Program

/// `sogreto content check [PATH]`: validates program content the way the bot does on start.
struct ContentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content",
        abstract: "Work with program content.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate program content; print every problem as `file: jsonPath: message` and exit non-zero on any.",
            discussion: """
            PATH is the programs folder (default: the programs of the assets folder the bot would use: \
            SOGRETO_ASSETS_DIR, else share/sogreto/assets beside the executable, the source tree, ./assets) \
            or one program's folder. The engine's \
            UI strings are read from the `locales` folder beside the programs folder (assets/locales). \
            The audio catalog (<audio>/manifest.json) is checked too when it exists: files, MP3 format, \
            durations, checksums and the steps it references.
            """
        )

        @Argument(help: "The programs folder or one program folder.")
        var path: String?

        @Option(help: "The folder with program.<locale>.json UI strings (default: <assets>/locales).")
        var locales: String?

        @Option(help: "The audio folder with manifest.json (default: $SOGRETO_AUDIO_DIR, else audio beside the assets folder; checked when its manifest exists).")
        var audio: String?

        func run() throws {
            let target = path.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? Self.defaultPrograms()
            let isProgramFolder = FileManager.default.fileExists(atPath: target.appendingPathComponent("program.json").path)
            let assets = isProgramFolder ? target.deletingLastPathComponent().deletingLastPathComponent() : target.deletingLastPathComponent()
            let localesURL = locales.map { URL(fileURLWithPath: $0) } ?? assets.appendingPathComponent("locales")
            do {
                let catalog = isProgramFolder
                    ? try ProgramCatalog.load(programDirectory: target, uiStrings: localesURL)
                    : try ProgramCatalog.load(from: target, uiStrings: localesURL)
                print(Self.summary(of: catalog))
                for warning in AdoptedVariantsWarning.read(catalog) { print(warning) }
                if !isProgramFolder || audio != nil {
                    try AudioCheck.run(explicitFolder: audio.map { URL(fileURLWithPath: $0) },
                                       defaultFolder: AssetsLocation.audio(environment: ProcessInfo.processInfo.environment, assets: assets,
                                                                           workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)),
                                       programs: catalog)
                }
            } catch let error as ContentError {
                for problem in error.problems { print(problem.description) }
                let count = error.problems.count
                FileHandle.standardError.write(Data("content check failed: \(count) problem\(count == 1 ? "" : "s")\n".utf8))
                throw ExitCode.failure
            }
        }

        /// The programs folder of the assets `sogreto run` would use.
        static func defaultPrograms() -> URL {
            AssetsLocation.resolve(environment: ProcessInfo.processInfo.environment,
                                   workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                .appendingPathComponent("programs")
        }

        static func summary(of catalog: ProgramCatalog) -> String {
            var lines = catalog.programs.map { program in
                let steps = program.stages.reduce(0) { $0 + $1.steps.count }
                let themes = program.themes.map { ", \($0.pool.count) themes" } ?? ""
                return "\(program.id): \(program.stages.count) stages, \(steps) steps\(themes), locales \(program.locales.joined(separator: ", "))"
            }
            lines.append("OK: \(catalog.programs.count) program(s), UI strings in \(catalog.uiLocaleIDs.joined(separator: ", ")).")
            return lines.joined(separator: "\n")
        }
    }
}
