import Bot
import Foundation
import Logging
import Program
import TestSupport

let assetsDirectory = Repository.assets

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
