import Foundation
import GRDB

/// Telegram's `file_id` for each file we uploaded, keyed by the file's SHA-256 and the kind it was
/// sent as (the same bytes sent as a photo and as a document get different ids), so each is
/// uploaded once and reused by id afterwards (table `telegram_files`).
extension AppDatabase {
    public func telegramFileID(sha256: String, kind: TelegramFileKind) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT file_id FROM telegram_files WHERE sha256 = ? AND kind = ?",
                                arguments: [sha256, kind.rawValue])
        }
    }

    /// Records (or replaces) the id Telegram gave an upload of these bytes as this kind.
    public func rememberTelegramFile(sha256: String, kind: TelegramFileKind, fileID: String, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO telegram_files(sha256, kind, file_id, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(sha256, kind) DO UPDATE SET file_id = excluded.file_id, updated_at = excluded.updated_at
                """, arguments: [sha256, kind.rawValue, fileID, now])
        }
    }

    /// Drops an id Telegram refused, unless a concurrent send already replaced it with a good one.
    public func forgetTelegramFile(sha256: String, kind: TelegramFileKind, fileID: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM telegram_files WHERE sha256 = ? AND kind = ? AND file_id = ?",
                           arguments: [sha256, kind.rawValue, fileID])
        }
    }
}
