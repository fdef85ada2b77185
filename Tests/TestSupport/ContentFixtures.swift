import Bot
import Foundation
import Program

/// The repository's real texts and programs, as the bot loads them.
public func loadStrings() throws -> BotStrings {
    try BotStrings.load(from: Repository.assets.appendingPathComponent("locales"))
}

public func loadEngine() throws -> ProgramEngine {
    ProgramEngine(catalog: try ProgramCatalog.load(from: Repository.assets.appendingPathComponent("programs"),
                                                   uiStrings: Repository.assets.appendingPathComponent("locales")))
}

/// A fresh temporary directory, removed by the caller's `defer`.
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
