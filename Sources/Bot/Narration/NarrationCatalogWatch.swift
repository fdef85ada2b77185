import Foundation
import NIOPosix
import ServiceLifecycle

/// Looks at `manifest.json` every `interval` (one stat call) and swaps in the new catalog when it
/// appeared or changed. Wall time, not the bot's clock: the sandbox's simulated clock may stand still.
struct NarrationCatalogWatch: Service {
    let shelf: NarrationShelf
    let interval: Duration

    init(shelf: NarrationShelf, interval: Duration = .seconds(1)) {
        self.shelf = shelf
        self.interval = interval
    }

    func run() async throws {
        let shelf = shelf, interval = interval
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                // The catalog is validated by reading files: on the pool for blocking work.
                _ = try await NIOThreadPool.singleton.runIfActive { shelf.reloadIfChanged() }
            }
        }
    }
}
