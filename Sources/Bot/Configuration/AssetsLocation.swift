import Foundation

/// Where the assets (program content, locales, fonts) are when `SOGRETO_ASSETS_DIR` is not set:
/// beside the installed executable, else in the source tree it was built from, else `./assets`.
/// So `/opt/sogreto/bin/sogreto` works from any working directory.
public enum AssetsLocation {
    /// The assets folder every command and the bot use: `explicit` (`SOGRETO_ASSETS_DIR`), else the
    /// first candidate holding the bot's texts, else `./assets`.
    public static func resolve(explicit: URL?, workingDirectory: URL, executable: URL? = runningExecutable) -> URL {
        explicit ?? first(of: candidates(executable: executable, workingDirectory: workingDirectory))
            ?? workingDirectory.appendingPathComponent("assets")
    }

    /// `resolve` with `SOGRETO_ASSETS_DIR` read from `environment` (relative to the working directory).
    public static func resolve(environment: [String: String], workingDirectory: URL) -> URL {
        resolve(explicit: VariableReader(values: environment).path("SOGRETO_ASSETS_DIR", relativeTo: workingDirectory),
                workingDirectory: workingDirectory)
    }

    /// A command's `--assets` option when given (relative to the working directory), else `resolve`.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> URL {
        option.map { URL(fileURLWithPath: $0, relativeTo: workingDirectory).standardizedFileURL }
            ?? resolve(environment: environment, workingDirectory: workingDirectory)
    }

    /// The audio folder (the catalog's `manifest.json` and its recordings) every command and the bot
    /// use: `SOGRETO_AUDIO_DIR` (relative to the working directory), else `audio` beside the assets.
    public static func audio(environment: [String: String], assets: URL, workingDirectory: URL) -> URL {
        VariableReader(values: environment).path("SOGRETO_AUDIO_DIR", relativeTo: workingDirectory)
            ?? assets.deletingLastPathComponent().appendingPathComponent("audio").standardizedFileURL
    }

    /// The folders tried, in order.
    public static func candidates(executable: URL?, workingDirectory: URL) -> [URL] {
        var folders: [URL] = []
        if let bin = executable?.deletingLastPathComponent() {
            folders.append(bin.appendingPathComponent("../share/sogreto/assets").standardizedFileURL)
        }
        folders.append(sourceTree)
        folders.append(workingDirectory.appendingPathComponent("assets").standardizedFileURL)
        return folders
    }

    /// The first candidate that holds the bot's texts; nil when none does.
    public static func first(of candidates: [URL]) -> URL? {
        candidates.first(where: holdsAssets)
    }

    static func holdsAssets(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("locales/bot.ru.json").path)
    }

    /// This process's executable, links resolved (`/proc/self/exe` on Linux).
    public static var runningExecutable: URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL }
    }

    /// The repository's `assets` as it was when this binary was built.
    static let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("assets")
}
