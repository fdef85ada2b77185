import Foundation

/// `manifest.json` of a backup: every file it holds with its size and SHA-256, written last, so a
/// backup with a readable manifest is complete. It is one JSON document laid out one file per
/// line (the header, then each entry, then `]}`), so it is read line by line, never whole.
public struct BackupManifest: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        /// Relative to the backup folder, `/`-separated (`sogreto.sqlite`, `media/ab/cd/….jpg`).
        public var path: String
        public var bytes: Int64
        package var sha256: String
    }

    package static let fileName = "manifest.json"
    static let databaseFileName = "sogreto.sqlite"
    /// A PostgreSQL store's backup holds its `pg_dump` (custom format) instead of the SQLite file.
    public static let postgresDumpFileName = "sogreto.pgdump"
    static let currentFormat = 1
    /// About 1.5 million files; a larger manifest is refused before anything is read.
    static let maximumBytes: Int64 = 256 << 20
    /// One entry is about 150 bytes; a longer line is not one we wrote.
    static let maximumLineBytes = 64 << 10
    /// Manifests written before the line layout (indented) are read whole, so only up to this size.
    static let maximumIndentedBytes: Int64 = 16 << 20

    var format: Int
    var createdAt: Date
    /// The schema migrations applied in the copied database, newest last.
    public var migrations: [String]
    public var files: [Entry]

    enum CodingKeys: String, CodingKey {
        case format, createdAt = "created_at", migrations, files
    }

    public var totalBytes: Int64 { files.reduce(0) { $0 + $1.bytes } }

    /// True for a PostgreSQL store's backup (a dump rather than the SQLite file).
    public var holdsPostgresDump: Bool {
        files.contains { $0.path == Self.postgresDumpFileName } && !files.contains { $0.path == Self.databaseFileName }
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// Writes the manifest one line per file, in chunks (a large backup's list is never one buffer).
    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw BackupError(.backupFailed, "\(url.path) cannot be created.")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var header = try encoder.encode(Header(format: format, createdAt: createdAt, migrations: migrations))
        header.removeLast()  // the closing brace: the files follow
        var buffer = header + Data(",\"files\":[\n".utf8)
        for (index, entry) in files.enumerated() {
            buffer += try encoder.encode(entry) + Data((index == files.count - 1 ? "\n" : ",\n").utf8)
            if buffer.count > 1 << 20 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer += Data("]}\n".utf8)
        try handle.write(contentsOf: buffer)
    }

    static func read(from folder: URL) throws -> BackupManifest {
        let url = folder.appendingPathComponent(fileName)
        guard let handle = try? FileHandle(forReadingFrom: url),
              let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value else {
            throw BackupError(.damagedBackup, "The backup \(folder.path) has no readable \(fileName), so it is incomplete or not a backup.")
        }
        defer { try? handle.close() }
        guard size <= maximumBytes else {
            throw BackupError(.damagedBackup, "The backup \(folder.path) has a \(fileName) of \(size >> 20) MB; "
                              + "a manifest may be at most \(maximumBytes >> 20) MB, so it is not one sogreto wrote.")
        }
        var lines = LineReader(handle: handle, maximumLineBytes: maximumLineBytes)
        let manifest: BackupManifest
        do {
            let first = try lines.next() ?? Data()
            if let header = Header.decode(line: first) {
                manifest = try readEntries(after: header, from: &lines)
            } else {
                guard size <= maximumIndentedBytes else { throw LineReader.Failure.tooLong }
                try handle.seek(toOffset: 0)
                manifest = try decoder().decode(BackupManifest.self, from: try handle.readToEnd() ?? Data())
            }
        } catch LineReader.Failure.tooLong {
            throw BackupError(.damagedBackup, "The backup \(folder.path) has a \(fileName) with a line over "
                              + "\(maximumLineBytes >> 10) KB, so it is not one sogreto wrote.")
        } catch {
            throw BackupError(.damagedBackup, "The backup \(folder.path) has a \(fileName) that cannot be parsed.")
        }
        guard manifest.format == currentFormat else {
            throw BackupError(.damagedBackup, "The backup \(folder.path) has manifest format \(manifest.format); this sogreto reads format \(currentFormat).")
        }
        return manifest
    }

    private static func readEntries(after header: Header, from lines: inout LineReader) throws -> BackupManifest {
        let decoder = decoder()
        var files: [Entry] = []
        while let line = try lines.next() {
            if line == Data("]}".utf8) {
                guard try lines.next() == nil else { throw LineReader.Failure.malformed }
                return BackupManifest(format: header.format, createdAt: header.createdAt, migrations: header.migrations,
                                      files: files)
            }
            let entry = line.last == UInt8(ascii: ",") ? line.dropLast() : line
            files.append(try decoder.decode(Entry.self, from: entry))
        }
        throw LineReader.Failure.malformed
    }

    private static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// The first line: everything but the files.
    private struct Header: Codable {
        var format: Int
        var createdAt: Date
        var migrations: [String]

        enum CodingKeys: String, CodingKey {
            case format, createdAt = "created_at", migrations
        }

        static func decode(line: Data) -> Header? {
            let tail = Data(",\"files\":[".utf8)
            guard line.count > tail.count, line.suffix(tail.count) == tail else { return nil }
            return try? BackupManifest.decoder().decode(Header.self, from: line.dropLast(tail.count) + Data("}".utf8))
        }
    }
}
