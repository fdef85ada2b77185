import Bot
import Foundation
import Media
import Program

/// Runs "stats" tasks: the user's figures, read from the store when the task runs (so they are
/// those of that moment), sent as one photo: the card (calendar and growth curve) with the
/// figures as its caption.
struct StatsCardHandler: MediaTaskHandler {
    static let kind = MediaTaskKind.stats
    var kind: String { Self.kind }
    let workers: MediaWorkers
    let blobs: any BlobStore
    let database: any Store
    let catalog: ProgramCatalog
    let lengths: PracticeLengths
    let strings: BotStrings
    let clock: any BotClock
    let renderer: StatsCardRenderer

    init(workers: MediaWorkers, blobs: any BlobStore, database: any Store, catalog: ProgramCatalog,
                lengths: PracticeLengths, strings: BotStrings, fonts: MediaFonts, clock: any BotClock) {
        self.workers = workers
        self.blobs = blobs
        self.database = database
        self.catalog = catalog
        self.lengths = lengths
        self.strings = strings
        self.clock = clock
        renderer = StatsCardRenderer(fonts: fonts)
    }

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let now = clock.now()
        guard let user = try await database.user(task.userID) else { return .reply([]) }
        let rows = try await database.photoRows(userID: task.userID)
        guard let progress = user.progress.flatMap(ProgressCoding.decode), Conversation.hasPlanted(progress),
              let stats = PracticeStatistics.of(user, photos: rows, catalog: catalog, lengths: lengths, now: now),
              let program = catalog.program(id: progress.programID) else {
            // Started over or forgotten since the command: say what /stats says now.
            return .reply([.message(text: strings.text(user.progress == nil ? "stats_not_started" : "stats_before_planting",
                                                       user.locale), keyboard: nil)])
        }
        let kit = PracticeDiaryExporter.plain(program.texts[program.contentLocale(for: user.locale)]?.kitName ?? program.id)
        let wording = StatsWording(strings: strings)
        let messages = PhotoDiaryMessages(strings: strings)
        let card = wording.card(stats, kit: kit, locale: user.locale, colours: program.colours) { messages.dayLabel($0, user.locale) }
        let renderer = renderer
        let jpeg = try await workers.run { try renderer.render(card) }
        let key = try await blobs.put(jpeg, format: .jpeg).key.hex
        let caption = wording.caption(stats, kit: kit, locale: user.locale)
        let record = RenderRecord(kind: kind, cacheKey: BlobKey.of(jpeg).hex, sha256: key, bytes: jpeg.count,
                                  sources: rows.map(\.sha256))
        return .render(record, reply: [.photo(file: PhotoDiaryFiles.jpeg(key, name: "stats.jpg"), caption: caption, keyboard: nil)])
    }
}
