import Foundation

/// `manifest.json` of a backup: every file it holds with its size and SHA-256, written last, so a
/// backup with a readable manifest is complete.
public struct BackupManifest: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        /// Relative to the backup folder, `/`-separated (`sogreto.sqlite`, `media/ab/cd/….jpg`).
        public var path: String
        public var bytes: Int64
        public var sha256: String
    }

    public static let fileName = "manifest.json"
    public static let databaseFileName = "sogreto.sqlite"
    public static let currentFormat = 1

    public var format: Int
    public var createdAt: Date
    /// The schema migrations applied in the copied database, newest last.
    public var migrations: [String]
    public var files: [Entry]

    enum CodingKeys: String, CodingKey {
        case format, createdAt = "created_at", migrations, files
    }

    public var totalBytes: Int64 { files.reduce(0) { $0 + $1.bytes } }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func read(from folder: URL) throws -> BackupManifest {
        let url = folder.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url) else {
            throw OperationsError(.damagedBackup, "The backup \(folder.path) has no readable \(fileName), so it is incomplete or not a backup.")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(BackupManifest.self, from: data) else {
            throw OperationsError(.damagedBackup, "The backup \(folder.path) has a \(fileName) that cannot be parsed.")
        }
        guard manifest.format == currentFormat else {
            throw OperationsError(.damagedBackup, "The backup \(folder.path) has manifest format \(manifest.format); this sogreto reads format \(currentFormat).")
        }
        return manifest
    }
}
