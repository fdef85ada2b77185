import Bot
import Foundation
import Media
import Program

/// Runs "collection" tasks: one state-plant card of the user's collection as a photo, with its
/// name, day and place in the collection as the caption and ← → buttons to the neighbours. A
/// card already drawn with the same words is sent again from `renders` (no new drawing).
struct CollectionHandler: MediaTaskHandler {
    static let kind = MediaTaskKind.collection
    var kind: String { Self.kind }
    let workers: MediaWorkers
    let blobs: any BlobStore
    let database: any Store
    let cards: CollectionCards
    let strings: BotStrings
    let renderer: StatePlantCardRenderer

    init(workers: MediaWorkers, blobs: any BlobStore, database: any Store, catalog: ProgramCatalog, strings: BotStrings,
                fonts: MediaFonts) {
        self.workers = workers
        self.blobs = blobs
        self.database = database
        cards = CollectionCards(catalog: catalog)
        self.strings = strings
        renderer = StatePlantCardRenderer(fonts: fonts)
    }

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let payload = try task.decodePayload(CollectionPayload.self)
        guard let user = try await database.user(task.userID) else { return .reply([]) }
        let locale = user.locale
        let entries = user.progress.flatMap(ProgressCoding.decode).map { cards.entries(of: $0, locale: locale) } ?? []
        guard entries.indices.contains(payload.page - 1) else {
            return .reply([.message(text: strings.text(entries.isEmpty ? "collection_empty" : "stale_button", locale), keyboard: nil)])
        }
        let entry = entries[payload.page - 1]
        let card = entry.card(footer: PracticeDiaryExporter.plain(strings.text("collection_card_footer", locale, ["day": String(entry.day), "kit": entry.kit])),
                              locale: locale)
        let cacheKey = try Self.cacheKey(entry, footer: card.footer, locale: locale)
        var record: RenderRecord?
        let sha256: String
        if let cached = try await database.cachedRender(userID: task.userID, kind: kind, cacheKey: cacheKey),
           let name = BlobName(hex: cached, format: .jpeg), try await blobs.head(name) != nil {
            sha256 = cached
        } else {
            let renderer = renderer
            let jpeg = try await workers.run { try renderer.render(card) }
            sha256 = try await blobs.put(jpeg, format: .jpeg).key.hex
            record = RenderRecord(kind: kind, cacheKey: cacheKey, sha256: sha256, bytes: jpeg.count, sources: [])
        }
        let caption = strings.text("collection_caption", locale, ["state": entry.state, "day": String(entry.day),
                                                                  "index": String(payload.page), "count": String(entries.count)])
        var buttons: [Bot.Button] = []
        if payload.page > 1 { buttons.append(Bot.Button(strings.text("collection_previous", locale), Conversation.collectionPrefix + String(payload.page - 1))) }
        if payload.page < entries.count { buttons.append(Bot.Button(strings.text("collection_next", locale), Conversation.collectionPrefix + String(payload.page + 1))) }
        let photo = OutboxAction.photo(file: PhotoDiaryFiles.jpeg(sha256, name: "\(entry.cardID).jpg"), caption: caption,
                                       keyboard: buttons.isEmpty ? nil : [buttons])
        return .render(record, reply: [photo])
    }

    /// What the card shows, as a key: the same words, day and answer draw the same picture.
    static func cacheKey(_ entry: CollectionCards.Entry, footer: String, locale: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let shown = try encoder.encode(entry)
        return BlobKey.of(shown + Data((footer + "\u{0}" + locale).utf8)).hex
    }
}
