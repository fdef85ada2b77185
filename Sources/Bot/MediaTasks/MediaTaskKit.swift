import BlobStore
import Foundation
import Logging
import Program

/// Brings the handlers of the media task kinds that draw pictures or the PDF (BotMedia's
/// `BotMediaKit`). Bot records those tasks and runs them through `MediaTaskRunner` without
/// depending on the image or PDF code: the assembly hands `BotRuntime.prepare` a kit.
package protocol MediaTaskKit: Sendable {
    /// Builds the kit's handlers over the running bot's parts; called once, by `prepare`.
    func prepare(_ bot: MediaTaskContext) throws -> PreparedMediaTasks
}

/// The running bot's parts a kit's handlers may use.
package struct MediaTaskContext: Sendable {
    package let configuration: Configuration
    package let client: any TelegramClient
    package let database: any Store
    package let blobs: any BlobStore
    package let strings: BotStrings
    package let catalog: ProgramCatalog
    /// The narration catalog of the moment (practice lengths for statistics).
    package let narrations: NarrationShelf
    package let clock: any BotClock
    package let logger: Logger
}

/// A kit's handlers and how the runner should drive them.
package struct PreparedMediaTasks: Sendable {
    package var handlers: [any MediaTaskHandler]
    /// How many tasks run at once.
    package var concurrency: Int
    /// Called when the runner stops (e.g. to let the kit's worker threads exit).
    package var onStop: @Sendable () -> Void

    package init(handlers: [any MediaTaskHandler], concurrency: Int, onStop: @escaping @Sendable () -> Void = {}) {
        self.handlers = handlers
        self.concurrency = concurrency
        self.onStop = onStop
    }
}
