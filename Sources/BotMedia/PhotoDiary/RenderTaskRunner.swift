import Bot
import Foundation
import Media

/// The part collages and timelines share: find the photos, reuse a cached render of exactly
/// that set (and locale), or draw one on the media workers, then send it with sendPhoto and
/// record it in `renders` in the finishing transaction.
struct RenderTaskRunner: Sendable {
    let workers: MediaWorkers
    let blobs: any BlobStore
    /// Where photos fetched from a remote store wait while they are drawn.
    let scratch: URL
    let database: any Store
    let messages: PhotoDiaryMessages
    /// Bumped when the drawing changes, so old cached renders are not reused.
    static let styleVersion = "2"

    /// Draws `photos`, whose JPEGs are the local `files` in the same order.
    typealias Draw = @Sendable (_ photos: [PhotoRow], _ files: [URL], _ locale: String) throws -> Data

    func run(_ task: MediaTask, kind: String, minimum: Int, caption: @escaping @Sendable ([PhotoRow], String) -> String,
             draw: @escaping Draw) async throws -> MediaTaskCompletion {
        let payload = try task.decodePayload(RenderPayload.self)
        let photos = try await database.photos(userID: task.userID, ids: payload.photoIDs)
        let locale = (try await database.user(task.userID))?.locale ?? BotStrings.defaultLocale
        let messages = messages
        guard photos.count >= minimum, photos.count == Set(payload.photoIDs).count else {
            let count = try await database.photoCount(userID: task.userID)
            return .reply([messages.message(count < 2 ? "photos_need_two" : "photos_stale", locale, ["count": String(count)])])
        }
        let cacheKey = Self.cacheKey(kind: kind, photos: photos, locale: locale)
        let rendered: (sha256: String, bytes: Int)
        if let cached = try await database.cachedRender(userID: task.userID, kind: kind, cacheKey: cacheKey),
           let name = PhotoDiaryFiles.jpegName(cached), try await blobs.head(name) != nil {
            rendered = (cached, 0)
        } else {
            let names = photos.compactMap { PhotoDiaryFiles.jpegName($0.sha256) }
            guard names.count == photos.count else { throw MediaError(.missingBlob, "A diary photo row has a malformed key.") }
            let workers = workers
            let jpeg = try await blobs.withLocalFiles(names, scratch: scratch) { files in
                try await workers.run { try draw(photos, files, locale) }
            }
            rendered = (try await blobs.put(jpeg, format: .jpeg).key.hex, jpeg.count)
        }
        let text = caption(photos, locale)
        let sources = photos.map(\.sha256)
        let record = rendered.bytes > 0
            ? RenderRecord(kind: kind, cacheKey: cacheKey, sha256: rendered.sha256, bytes: rendered.bytes, sources: sources)
            : nil
        return .render(record, reply: [.photo(file: PhotoDiaryFiles.jpeg(rendered.sha256, name: "\(kind).jpg"),
                                              caption: text, keyboard: nil)])
    }

    /// The photos shown (by content and day, in order), the locale of the captions and the style.
    static func cacheKey(kind: String, photos: [PhotoRow], locale: String) -> String {
        let parts = ["v\(styleVersion)", kind, locale] + photos.map { "\($0.sha256)@\($0.day)" }
        return BlobKey.of(Data(parts.joined(separator: "|").utf8)).hex
    }
}
