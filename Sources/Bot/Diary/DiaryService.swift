import Foundation
import Media
import Reports

/// The PDF practice diary of one user: reads the store, assembles `DiaryData`, renders it with
/// libharu. Used by `sogreto diary` and by the bot's /diary.
public struct DiaryService: Sendable {
    let database: any Store
    let exporter: DiaryExporter
    let renderer: DiaryRenderer
    let dataDirectory: URL

    public init(database: any Store, exporter: DiaryExporter, renderer: DiaryRenderer, dataDirectory: URL) throws {
        self.database = database
        self.exporter = exporter
        self.renderer = renderer
        self.dataDirectory = dataDirectory
    }

    /// The user's diary data, or nil for an unknown user or one who has not started yet.
    public func data(userID: Int64, now: Date) async throws -> DiaryData? {
        guard let user = try await database.user(userID) else { return nil }
        let stored = try await database.photoRows(userID: userID).compactMap { row -> DiaryExporter.Photo? in
            // Relative to the data directory, so exported JSON moves with its data.
            guard BlobKey(hex: row.sha256) != nil else { return nil }
            return DiaryExporter.Photo(path: PhotoDiaryFiles.relativePath(row.sha256), day: row.day,
                                       greenCoverage: row.greenCoverage, createdAt: row.createdAt)
        }
        return exporter.export(user: user, photos: stored, now: now)
    }

    /// The PDF for `data` (libharu; call it off the cooperative pool).
    public func render(_ data: DiaryData) throws -> Data {
        try renderer.render(data, dataDirectory: dataDirectory)
    }

    /// What the diary shows, as a key: the same key means the same PDF apart from its print date.
    public static func cacheKey(of data: DiaryData) throws -> String {
        var undated = data
        undated.generatedAt = Date(timeIntervalSince1970: 0)
        return BlobKey.of(try undated.encoded()).hex
    }

    /// `Sogreto-diary-2026-11-25.pdf`, dated in the user's time zone.
    public static func fileName(for data: DiaryData) -> String {
        let zone = data.timeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt
        return "Sogreto-diary-\(DiaryDay(data.generatedAt, in: zone)).pdf"
    }
}
