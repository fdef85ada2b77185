import Bot
import Foundation
import Media
import Program

/// Runs "manifesto-card" tasks: draws the card (the journey's first and latest photos, the
/// manifesto's key lines, the kit's colours) and sends it as a photo. Photos deleted meanwhile
/// are simply left out; with none, the card is words only.
struct ManifestoCardHandler: MediaTaskHandler {
    static let kind = MediaTaskKind.manifestoCard
    var kind: String { Self.kind }
    let workers: MediaWorkers
    let blobs: any BlobStore
    let scratch: URL
    let database: any Store
    let messages: PhotoDiaryMessages
    let renderer: ManifestoCardRenderer

    init(workers: MediaWorkers, blobs: any BlobStore, scratch: URL, database: any Store, strings: BotStrings,
                fonts: MediaFonts) {
        self.workers = workers
        self.blobs = blobs
        self.scratch = scratch
        self.database = database
        messages = PhotoDiaryMessages(strings: strings)
        renderer = ManifestoCardRenderer(fonts: fonts)
    }

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let payload = try task.decodePayload(ManifestoCardPayload.self)
        let photos = try await database.photos(userID: task.userID, ids: payload.photoIDs).sorted { $0.day < $1.day }
        let locale = (try await database.user(task.userID))?.locale ?? BotStrings.defaultLocale
        let names = photos.compactMap { PhotoDiaryFiles.jpegName($0.sha256) }
        guard names.count == photos.count else { throw MediaError(.missingBlob, "A diary photo row has a malformed key.") }
        let palette = payload.colours.flatMap { CardPalette(paper: $0.paper, ink: $0.ink, accent: $0.accent) } ?? .sogreto
        let messages = messages, renderer = renderer, workers = workers
        let footer = messages.text("manifesto_card_footer", locale)
        let jpeg = try await blobs.withLocalFiles(names, scratch: scratch) { files in
            let labelled = zip(photos, files).map { photo, file in
                LabeledPhoto(source: .file(file), label: messages.dayLabel(photo.day, locale))
            }
            let card = ManifestoCard(title: payload.title, lines: payload.lines, photos: labelled, palette: palette, footer: footer)
            return try await workers.run { try renderer.render(card) }
        }
        let key = try await blobs.put(jpeg, format: .jpeg).key.hex
        let record = RenderRecord(kind: kind, cacheKey: BlobKey.of(Data(task.payload.utf8)).hex, sha256: key,
                                  bytes: jpeg.count, sources: photos.map(\.sha256))
        return .render(record, reply: [.photo(file: PhotoDiaryFiles.jpeg(key, name: "manifesto.jpg"),
                                              caption: messages.text("manifesto_card_caption", locale), keyboard: nil)])
    }
}
