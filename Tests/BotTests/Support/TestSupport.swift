import Foundation
import Program
@testable import Bot

/// The repository's assets folder, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let assetsDirectory = repositoryRoot.appendingPathComponent("assets")

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

/// A clock the test moves by hand; sleepers wake when it passes their deadline.
final class ManualClock: BotClock, @unchecked Sendable {
    // @unchecked Sendable: `current` and `sleepers` are only touched under `lock`.
    private let lock = NSLock()
    private var current: Date
    private var sleepers: [(Date, CheckedContinuation<Void, Never>)] = []

    init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { current = start }

    func now() -> Date { lock.withLock { current } }

    func sleep(until deadline: Date) async throws {
        await withCheckedContinuation { continuation in
            lock.lock()
            if deadline <= current {
                lock.unlock()
                continuation.resume()
            } else {
                sleepers.append((deadline, continuation))
                lock.unlock()
            }
        }
        try Task.checkCancellation()
    }

    /// True when someone sleeps until exactly `deadline` (a test waits for it before moving time).
    func hasSleeper(until deadline: Date) -> Bool {
        lock.withLock { sleepers.contains { $0.0 == deadline } }
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        let due = sleepers.filter { $0.0 <= current }
        sleepers.removeAll { $0.0 <= current }
        lock.unlock()
        due.forEach { $0.1.resume() }
    }
}

enum Updates {
    static func user(_ id: Int64, language: String? = "ru") -> User {
        User(id: id, firstName: "Анна", languageCode: language)
    }

    static func text(_ text: String, from id: Int64 = 42, updateID: Int64 = 1, language: String? = "ru",
                     chatType: String = "private") -> Update {
        let chat = Chat(id: chatType == "private" ? id : -100, type: chatType)
        return Update(updateID: updateID, message: Message(messageID: Int(updateID), from: user(id, language: language),
                                                           chat: chat, date: 0, text: text))
    }

    static func callback(_ data: String, from id: Int64 = 42, updateID: Int64 = 2) -> Update {
        var message = Message(messageID: 1, from: nil, chat: Chat(id: id, type: "private"), date: 0, text: "…")
        message.replyMarkup = InlineKeyboardMarkup([[InlineKeyboardButton(text: "·", callbackData: data)]]) // the button pressed
        return Update(updateID: updateID,
                      callbackQuery: CallbackQuery(id: "q\(updateID)", from: user(id), message: message, data: data))
    }
}
