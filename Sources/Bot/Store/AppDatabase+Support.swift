import Foundation
import GRDB

/// /contact messages and the team's answers (`support_messages`).
extension AppDatabase {
    static func insertSupportMessages(_ messages: [SupportMessage], now: Date, in db: Database) throws {
        for message in messages {
            try db.cachedStatement(sql: """
                INSERT INTO support_messages(user_id, direction, admin_id, kind, text, file_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [message.userID, message.direction.rawValue, message.adminID, message.kind,
                                         message.text, message.fileID, now.stored])
        }
    }

    /// A user's conversation with the team, oldest first.
    public func supportMessages(userID: Int64) async throws -> [SupportMessage] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT user_id, direction, admin_id, kind, text, file_id FROM support_messages WHERE user_id = ? ORDER BY id
                """, arguments: [userID]).compactMap { row in
                guard let direction = SupportMessage.Direction(rawValue: row["direction"]) else { return nil }
                return SupportMessage(userID: row["user_id"], direction: direction, adminID: row["admin_id"],
                                      kind: row["kind"], text: row["text"], fileID: row["file_id"])
            }
        }
    }
}
