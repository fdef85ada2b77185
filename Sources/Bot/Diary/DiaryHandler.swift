import Foundation
import Media
import Reports

/// Runs "diary" tasks: the user's PDF practice diary (libharu on the media workers), cached in
/// `renders` by what it shows, sent as `Sogreto-diary-<date>.pdf`.
public struct DiaryHandler: MediaTaskHandler {
    public static let kind = "diary"
    public var kind: String { Self.kind }
    let service: DiaryService
    let workers: MediaWorkers
    let pdfs: FileBlobStore
    let database: any Store
    let strings: BotStrings
    let clock: any BotClock

    public init(service: DiaryService, workers: MediaWorkers, dataDirectory: URL, database: any Store,
                strings: BotStrings, clock: any BotClock) throws {
        self.service = service
        self.workers = workers
        pdfs = try FileBlobStore(root: dataDirectory.appendingPathComponent(PhotoDiaryFiles.folder), fileExtension: "pdf")
        self.database = database
        self.strings = strings
        self.clock = clock
    }

    public func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let now = clock.now()
        let locale = (try await database.user(task.userID))?.locale ?? BotStrings.defaultLocale
        guard let data = try await service.data(userID: task.userID, now: now) else {
            return .reply([.message(text: strings.text("diary_not_started", locale), keyboard: nil)])
        }
        let cacheKey = try DiaryService.cacheKey(of: data)
        let rendered: (sha256: String, bytes: Int)
        if let cached = try await database.cachedRender(userID: task.userID, kind: kind, cacheKey: cacheKey),
           let key = BlobKey(hex: cached), pdfs.contains(key) {
            rendered = (cached, 0)
        } else {
            let service = service, pdfs = pdfs
            rendered = try await workers.run {
                let pdf = try service.render(data)
                return (try pdfs.put(pdf).hex, pdf.count)
            }
        }
        let sources = data.photos.map { URL(fileURLWithPath: $0.path).deletingPathExtension().lastPathComponent }
        let file = FileSource.stored(path: PhotoDiaryFiles.relativePath(rendered.sha256, fileExtension: "pdf"), fileName: DiaryService.fileName(for: data),
                                     mimeType: "application/pdf", sha256: rendered.sha256)
        let caption = strings.text("diary_caption", locale, ["stages": String(data.stages.count),
                                                              "photos": String(data.photos.count)])
        let record = rendered.bytes > 0
            ? RenderRecord(kind: kind, cacheKey: cacheKey, sha256: rendered.sha256, bytes: rendered.bytes, sources: sources)
            : nil
        return .render(record, reply: [.document(file: file, caption: caption, keyboard: nil)])
    }
}
