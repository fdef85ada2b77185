import Bot
import Foundation
import Media
import Reports

/// Runs "diary" tasks: the user's PDF practice diary (libharu on the media workers), cached in
/// `renders` by what it shows, sent as `Sogreto-diary-<date>.pdf`.
struct PracticeDiaryHandler: MediaTaskHandler {
    static let kind = MediaTaskKind.practiceDiary
    var kind: String { Self.kind }
    let service: PracticeDiaryService
    let workers: MediaWorkers
    let blobs: any BlobStore
    /// Where photos fetched from a remote store wait while the PDF is drawn.
    let scratch: URL
    let database: any Store
    let strings: BotStrings
    let clock: any BotClock

    init(service: PracticeDiaryService, workers: MediaWorkers, blobs: any BlobStore, scratch: URL, database: any Store,
                strings: BotStrings, clock: any BotClock) {
        self.service = service
        self.workers = workers
        self.blobs = blobs
        self.scratch = scratch
        self.database = database
        self.strings = strings
        self.clock = clock
    }

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let now = clock.now()
        let locale = (try await database.user(task.userID))?.locale ?? BotStrings.defaultLocale
        guard let data = try await service.data(userID: task.userID, now: now) else {
            return .reply([.message(text: strings.text("diary_not_started", locale), keyboard: nil)])
        }
        let cacheKey = try PracticeDiaryService.cacheKey(of: data)
        let rendered: (sha256: String, bytes: Int)
        if let cached = try await database.cachedRender(userID: task.userID, kind: kind, cacheKey: cacheKey),
           let name = BlobName(hex: cached, format: .pdf), try await blobs.head(name) != nil {
            rendered = (cached, 0)
        } else {
            let pdf = try await service.render(data, workers: workers, scratch: scratch)
            rendered = (try await blobs.put(pdf, format: .pdf).key.hex, pdf.count)
        }
        let sources = data.photos.map { URL(fileURLWithPath: $0.path).deletingPathExtension().lastPathComponent }
        guard let pdfName = BlobName(hex: rendered.sha256, format: .pdf) else {
            throw MediaError(.missingBlob, "The diary's cached key is malformed.")
        }
        let file = FileSource.blob(name: pdfName, fileName: PracticeDiaryService.fileName(for: data))
        let caption = strings.text("diary_caption", locale, ["stages": String(data.stages.count),
                                                              "photos": String(data.photos.count)])
        let record = rendered.bytes > 0
            ? RenderRecord(kind: kind, cacheKey: cacheKey, sha256: rendered.sha256, bytes: rendered.bytes, sources: sources)
            : nil
        return .render(record, reply: [.document(file: file, caption: caption, keyboard: nil)])
    }
}
