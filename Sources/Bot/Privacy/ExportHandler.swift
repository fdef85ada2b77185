import BlobStore
import Foundation

/// Runs "export" tasks (/export, the admin API): one ZIP of everything kept about the user —
/// `data.json`, the photos as stored (re-encoded at ingest, so without metadata; those held while
/// the diary was full too), the collages,
/// timelines and PDF diaries, and a README in their language — sent as a document, in parts when
/// over Telegram's 50 MB. One export a day per user.
public struct ExportHandler: MediaTaskHandler {
    public static let kind = "export"
    public var kind: String { Self.kind }
    /// Telegram's limit for bots' documents is 50 MB; a part stays below it with room to spare.
    static let partLimit = 49 * 1024 * 1024
    /// Written archives wait here for Delivery to upload them; older ones are removed.
    static let folder = "exports"

    let database: any Store
    let blobs: any BlobStore
    let dataDirectory: URL
    let strings: BotStrings
    let clock: any BotClock
    var partLimit = ExportHandler.partLimit

    init(database: any Store, blobs: any BlobStore, dataDirectory: URL, strings: BotStrings, clock: any BotClock) {
        self.database = database
        self.blobs = blobs
        self.dataDirectory = dataDirectory
        self.strings = strings
        self.clock = clock
    }

    public static func request() -> MediaTaskRequest {
        MediaTaskRequest(kind: kind, payload: "{}")
    }

    public func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let now = clock.now()
        removeOldArchives(now: now)
        guard let user = try await database.user(task.userID) else { return .reply([]) }
        let earlier = try await database.mediaTasks(userID: task.userID).filter {
            $0.kind == kind && $0.id != task.id && $0.state == "done" && ($0.updatedAt ?? .distantPast) > now.addingTimeInterval(-86_400)
        }
        guard earlier.isEmpty else {
            return .reply([.message(text: strings.text("export_once_a_day", user.locale), keyboard: nil)])
        }
        let files = try await collect(user, now: now)
        let parts = Self.split(files, limit: partLimit, modified: now)
        var actions: [OutboxAction] = []
        let day = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC") ?? .current,
                                              formatOptions: [.withFullDate])
        for (index, part) in parts.enumerated() {
            let suffix = parts.count > 1 ? "-part\(index + 1)-of-\(parts.count)" : ""
            let relative = "\(Self.folder)/\(Tombstone.hash(of: user.id).prefix(16))-\(task.id)-\(index + 1).zip"
            let url = dataDirectory.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try part.data.write(to: url, options: .atomic)
            let caption = index == 0 ? strings.text("export_caption", user.locale, ["parts": String(parts.count)]) : nil
            actions.append(.document(file: .stored(path: relative, fileName: "Sogreto-export-\(day)\(suffix).zip",
                                                   mimeType: "application/zip"),
                                     caption: caption, keyboard: nil))
        }
        return .reply(actions)
    }

    /// The archive's files, in order: README, data.json, photos, pictures.
    func collect(_ user: UserRecord, now: Date) async throws -> [StoredZip.Entry] {
        var entries: [StoredZip.Entry] = []
        var photos: [ExportDocument.Photo] = []
        var photoFiles: [StoredZip.Entry] = []
        for (index, row) in try await database.photoRows(userID: user.id).enumerated() {
            guard let name = BlobName(hex: row.sha256, format: .jpeg) else { continue }
            let file = String(format: "photos/%02d-day-%02d.jpg", index + 1, row.day)
            photoFiles.append(StoredZip.Entry(name: file, bytes: try await blobs.data(of: name)))
            photos.append(ExportDocument.Photo(file: file, day: row.day, greenCoverage: row.greenCoverage, createdAt: row.createdAt))
        }
        let references = try await database.mediaReferences()
        // A photo sent while the diary was full waits for the user's choice; it is theirs too.
        var held: [ExportDocument.HeldPhoto] = []
        for (index, row) in references.held.filter({ $0.userID == user.id }).enumerated() {
            guard let name = BlobName(hex: row.sha256, format: .jpeg), let bytes = try? await blobs.data(of: name) else { continue }
            let file = String(format: "held/%02d-day-%02d.jpg", index + 1, row.day)
            photoFiles.append(StoredZip.Entry(name: file, bytes: bytes))
            held.append(ExportDocument.HeldPhoto(file: file, day: row.day, sentAt: row.takenAt))
        }
        var pictures: [ExportDocument.Picture] = []
        var pictureFiles: [StoredZip.Entry] = []
        let renders = references.renders.filter { $0.userID == user.id }
        for (index, render) in renders.enumerated() {
            let format: BlobFormat = render.kind == MediaTaskKind.practiceDiary ? .pdf : .jpeg
            guard let name = BlobName(hex: render.sha256, format: format),
                  let bytes = try? await blobs.data(of: name) else { continue }
            let file = "pictures/\(index + 1)-\(render.kind).\(format.fileExtension)"
            pictureFiles.append(StoredZip.Entry(name: file, bytes: bytes))
            pictures.append(ExportDocument.Picture(file: file, kind: render.kind))
        }
        var document = ExportDocument(
            exportedAt: now,
            profile: ExportDocument.Profile(id: user.id, firstName: user.firstName, languageCode: user.languageCode,
                                            locale: user.locale, kitCode: user.kitCode, status: user.status.rawValue,
                                            timezone: user.timezone, reminderMinute: user.reminderMinute,
                                            narration: user.narration, createdAt: user.createdAt,
                                            lastActivityAt: user.lastActivityAt,
                                            leaderboardCohort: try await database.leaderboardCohort(userID: user.id)),
            progress: user.progress.map(JSONText.init),
            photos: photos, heldPhotos: held, pictures: pictures,
            events: try await database.events(userID: user.id).map {
                ExportDocument.Event(kind: $0.kind, programId: $0.programID, detail: $0.detail)
            },
            supportMessages: try await database.supportMessages(userID: user.id).map {
                ExportDocument.Message(direction: $0.direction.rawValue, kind: $0.kind, text: $0.text)
            })
        document.giftLinks = try await database.giftInvites(gifterID: user.id).map {
            ExportDocument.GiftLink(code: $0.code, gift: $0.choice.stored, maxUses: $0.maxUses, uses: $0.uses,
                                    createdAt: $0.createdAt, expiresAt: $0.expiresAt)
        }
        entries.append(StoredZip.Entry(name: "README.txt", bytes: Data(readme(user.locale).utf8)))
        entries.append(StoredZip.Entry(name: "data.json", bytes: try document.encoded()))
        return entries + photoFiles + pictureFiles
    }

    /// The README: the HTML-free text of `export_readme`.
    private func readme(_ locale: String) -> String {
        strings.text("export_readme", locale).replacingOccurrences(of: "<b>", with: "").replacingOccurrences(of: "</b>", with: "")
    }

    /// Archives of at most `limit` bytes each (a single larger file gets a part of its own), the
    /// README and data.json in the first.
    static func split(_ entries: [StoredZip.Entry], limit: Int, modified: Date) -> [StoredZip] {
        var parts: [StoredZip] = []
        var current = StoredZip(modified: modified)
        for entry in entries {
            if !current.entries.isEmpty && current.size + StoredZip.entrySize(entry) > limit {
                parts.append(current)
                current = StoredZip(modified: modified)
            }
            current.add(entry.name, entry.bytes)
        }
        if !current.entries.isEmpty { parts.append(current) }
        return parts
    }

    /// An erased user's archives, whatever their age.
    static func removeArchives(of userHash: String, in dataDirectory: URL) {
        let folder = dataDirectory.appendingPathComponent(Self.folder)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(String(userHash.prefix(16))) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Archives are uploaded within seconds; any older than an hour are leftovers.
    private func removeOldArchives(now: Date) {
        let folder = dataDirectory.appendingPathComponent(Self.folder)
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        for file in files {
            let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? now
            if now.timeIntervalSince(modified) > 3600 { try? FileManager.default.removeItem(at: file) }
        }
    }
}
