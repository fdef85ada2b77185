import BlobStore
import Foundation
import Logging
import Program

/// Brings the handlers of the media task kinds that draw pictures or the PDF (BotMedia's
/// `BotMediaKit`). Bot records those tasks and runs them through `MediaTaskRunner` without
/// depending on the image or PDF code: the assembly hands `BotRuntime.prepare` a kit.
public protocol MediaTaskKit: Sendable {
    /// Builds the kit's handlers over the running bot's parts; called once, by `prepare`.
    func prepare(_ bot: MediaTaskContext) throws -> PreparedMediaTasks
}

/// The running bot's parts a kit's handlers may use.
public struct MediaTaskContext: Sendable {
    public let configuration: Configuration
    public let client: any TelegramClient
    public let database: any Store
    public let blobs: any BlobStore
    public let strings: BotStrings
    public let catalog: ProgramCatalog
    /// The narration catalog of the moment (practice lengths for statistics).
    public let narrations: NarrationShelf
    public let clock: any BotClock
    public let logger: Logger
}

/// A kit's handlers and how the runner should drive them.
public struct PreparedMediaTasks: Sendable {
    public var handlers: [any MediaTaskHandler]
    /// How many tasks run at once.
    public var concurrency: Int
    /// Called when the runner stops (e.g. to let the kit's worker threads exit).
    public var onStop: @Sendable () -> Void

    public init(handlers: [any MediaTaskHandler], concurrency: Int, onStop: @escaping @Sendable () -> Void = {}) {
        self.handlers = handlers
        self.concurrency = concurrency
        self.onStop = onStop
    }
}
