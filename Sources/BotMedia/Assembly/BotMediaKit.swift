package import Bot
import Foundation
import Logging
import Media
import Reports

/// The media task handlers that draw or read images and the PDF, on media worker threads: photo
/// ingest (with the optional vision note), collages, timelines, the manifesto card, the /stats and
/// collection cards and the practice diary PDF. `BotAssembly` hands it to `BotRuntime.prepare`
/// (both `package`: a running bot is built through BotAssembly, not by hand).
package struct BotMediaKit: MediaTaskKit {
    /// Media worker threads (one image each at a time).
    package var threads: Int
    /// Says a word about new photos; nil: the configured vision API, if any.
    package var photoAdvisor: (any PhotoAdvisor)?

    package init(threads: Int = 2, photoAdvisor: (any PhotoAdvisor)? = nil) {
        self.threads = threads
        self.photoAdvisor = photoAdvisor
    }

    package func prepare(_ bot: MediaTaskContext) throws -> PreparedMediaTasks {
        let configuration = bot.configuration
        // One libvips thread per image: the workers already run one image per core. Media work
        // runs at a lower priority than the threads answering users (interactive latency first).
        // libvips itself loads with the first photo job, not here (start-up stays small).
        MediaRuntime.setThreadsPerImage(1)
        MediaWorkers.returnLargeBuffersWhenFreed()
        let workers = MediaWorkers(threads: threads, niceness: 10)
        let uploads = try UploadFolder.prepare(in: configuration.dataDirectory)
        if uploads.removedLeftovers > 0 {
            bot.logger.info("removed downloads left by an interrupted run", metadata: ["files": "\(uploads.removedLeftovers)"])
        }
        let fonts = try MediaFonts(directory: configuration.assetsDirectory.appendingPathComponent("fonts"))
        let advisor = photoAdvisor ?? configuration.vision.map { vision in
            var settings = VisionSettings(url: vision.url, apiKey: vision.key?.value, model: vision.model)
            settings.timeout = 15
            return VisionAdvisor(assessor: OpenAIVisionClient(settings: settings), database: bot.database, blobs: bot.blobs,
                                 workers: workers, strings: bot.strings, clock: bot.clock, perUserDaily: vision.perUserDaily,
                                 dailyBudget: vision.dailyBudget, logger: bot.logger)
        }
        let (database, blobs, strings, catalog, clock) = (bot.database, bot.blobs, bot.strings, bot.catalog, bot.clock)
        let handlers: [any MediaTaskHandler] = [
            PhotoIngestHandler(client: bot.client, workers: workers, blobs: blobs, database: database, strings: strings,
                               advisor: advisor, budget: configuration.mediaBudget, uploads: uploads.url),
            CollageHandler(workers: workers, blobs: blobs, scratch: uploads.url, database: database, strings: strings,
                           fonts: fonts),
            TimelineHandler(workers: workers, blobs: blobs, scratch: uploads.url, database: database, strings: strings,
                            fonts: fonts),
            ManifestoCardHandler(workers: workers, blobs: blobs, scratch: uploads.url, database: database, strings: strings,
                                 fonts: fonts),
            StatsCardHandler(workers: workers, blobs: blobs, database: database, catalog: catalog,
                             lengths: PracticeLengths(shelf: bot.narrations), strings: strings, fonts: fonts, clock: clock),
            CollectionHandler(workers: workers, blobs: blobs, database: database, catalog: catalog, strings: strings, fonts: fonts),
            PracticeDiaryHandler(service: try PracticeDiaryService(
                            database: database, exporter: PracticeDiaryExporter(catalog: catalog, lengths: PracticeLengths(shelf: bot.narrations)),
                            renderer: PracticeDiaryRenderer(assets: try PracticeDiaryAssets(directory: configuration.assetsDirectory)),
                            dataDirectory: configuration.dataDirectory, blobs: blobs),
                         workers: workers, blobs: blobs, scratch: uploads.url, database: database,
                         strings: strings, clock: clock),
        ] + (advisor.map { [VisionNoteHandler(advisor: $0, database: database)] } ?? [])
        // Downloads overlap with decoding, so twice as many tasks as worker threads keep them busy.
        return PreparedMediaTasks(handlers: handlers, concurrency: 2 * workers.threads, onStop: { workers.shutdown() })
    }
}
