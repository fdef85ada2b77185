import Foundation
import GRDB

/// Filing an ingested photo in its task's finishing transaction: read the facts, let
/// `PhotoFiling.plan` decide, write the plan.
extension AppDatabase {
    static func file(_ filing: PhotoFiling, for task: MediaTask, now: Date, in db: Database) throws -> MediaTaskOutcome {
        let facts = PhotoFiling.Facts(
            user: try UserRecord.find(task.userID, in: db),
            existingDay: try existingPhotoDay(userID: task.userID, sha256: filing.sha256, fileUniqueID: filing.fileUniqueID, in: db),
            photoDiary: try photoDiary(of: task.userID, in: db),
            siblings: try filing.albumGroup.map { try albumSiblings(of: task, group: $0, in: db) } ?? [])
        let plan = try filing.plan(facts, for: task)
        if let photo = plan.insert {
            try insertPhoto(photo, userID: task.userID, now: now, in: db)
            if let vision = plan.visionTask {
                try insertMediaTasks([vision], userID: task.userID, chatID: task.chatID, now: now, in: db)
            }
        }
        if let payload = plan.itemPayload {
            try db.execute(sql: "UPDATE media_tasks SET payload = ? WHERE id = ?", arguments: [payload, task.id])
        }
        return plan.outcome
    }

    /// The user's other ingest tasks whose payload names the album.
    private static func albumSiblings(of task: MediaTask, group: String, in db: Database) throws -> [PhotoFiling.Sibling] {
        try Row.fetchAll(db, sql: """
            SELECT id, state, payload FROM media_tasks
            WHERE user_id = ? AND kind = ? AND id <> ? AND payload LIKE ? ESCAPE '\\' ORDER BY id
            """, arguments: [task.userID, task.kind, task.id, PhotoFiling.albumPattern(group)]).map {
            PhotoFiling.Sibling(taskID: $0["id"], state: $0["state"], payload: $0["payload"])
        }
    }
}
