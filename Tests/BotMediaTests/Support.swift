import Bot
import Foundation
import Logging
import Program
import TestSupport

let assetsDirectory = Repository.assets

func loadStrings() throws -> BotStrings {
    try BotStrings.load(from: assetsDirectory.appendingPathComponent("locales"))
}

func loadEngine() throws -> ProgramEngine {
    ProgramEngine(catalog: try ProgramCatalog.load(from: assetsDirectory.appendingPathComponent("programs"),
                                                   uiStrings: assetsDirectory.appendingPathComponent("locales")))
}

/// A fresh temporary directory, removed by the caller's `defer`.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

typealias ManualClock = TestSupport.ManualClock

/// Preparing the runtime makes no calls; any call is a test failure.
struct UnusedTelegramClient: TelegramClient {
    struct Unexpected: Error {}
    func send<Method: TelegramMethod>(_ method: Method) async throws -> Method.Result { throw Unexpected() }
    func downloadFile(path: String, maxBytes: Int) async throws -> Data { throw Unexpected() }
}

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()
