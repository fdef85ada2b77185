public import Bot
public import Foundation
public import Media
public import Reports

/// The PDF practice diary of one user: reads the store, assembles `PracticeDiaryData`, renders it with
/// libharu. Used by `sogreto diary` and by the bot's /diary.
public struct PracticeDiaryService: Sendable {
    let database: any Store
    let exporter: PracticeDiaryExporter
    let renderer: PracticeDiaryRenderer
    let dataDirectory: URL
    /// Where the photos are read from (the configured store; the data directory's folder by default).
    let blobs: any BlobStore

    public init(database: any Store, exporter: PracticeDiaryExporter, renderer: PracticeDiaryRenderer, dataDirectory: URL,
                blobs: (any BlobStore)? = nil) throws {
        self.database = database
        self.exporter = exporter
        self.renderer = renderer
        self.dataDirectory = dataDirectory
        self.blobs = try blobs ?? FolderBlobStore(dataDirectory: dataDirectory)
    }

    /// The user's diary data, or nil for an unknown user or one who has not started yet.
    public func data(userID: Int64, now: Date) async throws -> PracticeDiaryData? {
        guard let user = try await database.user(userID) else { return nil }
        let stored = try await database.photoRows(userID: userID).compactMap { row -> PracticeDiaryExporter.Photo? in
            // Relative to the data directory, so exported JSON moves with its data.
            guard let name = PhotoDiaryFiles.jpegName(row.sha256) else { return nil }
            return PracticeDiaryExporter.Photo(path: FolderBlobStore.dataDirectoryPath(of: name), day: row.day,
                                       greenCoverage: row.greenCoverage, createdAt: row.createdAt)
        }
        return exporter.export(user: user, photos: stored, now: now)
    }

    /// The PDF for `data`: its photos are read through the blob store (fetched into `scratch`
    /// when the store is remote), then libharu draws on `workers` (or here, for the command line).
    public func render(_ data: PracticeDiaryData, workers: MediaWorkers? = nil, scratch: URL? = nil) async throws -> Data {
        let paths = Array(Set(data.allPhotoPaths)).sorted()
        let names = paths.map { FolderBlobStore.name(forDataDirectoryPath: $0) }
        let stored = zip(paths, names).compactMap { path, name in name.map { (path, $0) } }
        let renderer = renderer, dataDirectory = dataDirectory
        let scratch = scratch ?? dataDirectory.appendingPathComponent(UploadFolder.name)
        return try await blobs.withLocalFiles(stored.map(\.1), scratch: scratch) { files in
            let local = Dictionary(uniqueKeysWithValues: zip(stored.map(\.0), files.map(\.path)))
            let resolved = data.withPhotoPaths { local[$0] ?? $0 }
            guard let workers else { return try renderer.render(resolved, dataDirectory: dataDirectory) }
            return try await workers.run { try renderer.render(resolved, dataDirectory: dataDirectory) }
        }
    }

    /// What the diary shows, as a key: the same key means the same PDF apart from its print date.
    static func cacheKey(of data: PracticeDiaryData) throws -> String {
        var undated = data
        undated.generatedAt = Date(timeIntervalSince1970: 0)
        return BlobKey.of(try undated.encoded()).hex
    }

    /// `Sogreto-diary-2026-11-25.pdf`, dated in the user's time zone.
    static func fileName(for data: PracticeDiaryData) -> String {
        let zone = data.timeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt
        return "Sogreto-diary-\(CalendarDay(data.generatedAt, in: zone)).pdf"
    }
}
