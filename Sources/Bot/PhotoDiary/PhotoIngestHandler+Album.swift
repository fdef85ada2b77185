import Foundation
import GRDB
import Media

/// Albums (photos sent together share a `media_group_id`) get one reply. Each item is still its
/// own ingest task, recorded with a short settle delay so the whole album is recorded before any
/// item runs, even across poll batches. An item saves or holds its photo as a single photo would
/// and notes its outcome in its payload; the item that finds no sibling still pending or running
/// is the last one and writes the album's reply from all outcomes, in the same transaction.
extension PhotoIngestHandler {
    func albumCommit(_ task: MediaTask, _ payload: IngestPayload, stored: StoredPhotoFacts?,
                     refused: Bool = false) -> MediaTaskCompletion {
        let messages = messages, asksVision = advisor != nil
        return MediaTaskCompletion { db, now in
            let user = try UserRecord.fetchOne(db, key: task.userID)
            let locale = user?.locale ?? BotStrings.defaultLocale
            let max = PhotoDiary.maxPhotos(for: user)
            var item = payload
            var heldPayload: String?
            if refused {
                item.albumOutcome = AlbumOutcome(kind: .refused, day: payload.day)
            } else if let day = try AppDatabase.existingPhotoDay(userID: task.userID, sha256: stored?.sha256,
                                                                 fileUniqueID: payload.fileUniqueID, in: db) {
                item.albumOutcome = AlbumOutcome(kind: .duplicate, day: day)
            } else {
                guard let stored else { throw MediaTaskError("The photo to compare with was deleted meanwhile.") }
                if try AppDatabase.photoDiary(of: task.userID, in: db).photos.count >= max {
                    item.stored = stored
                    item.albumOutcome = AlbumOutcome(kind: .held, day: stored.day)
                    heldPayload = String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
                } else {
                    try AppDatabase.insertPhoto(stored, userID: task.userID, now: now, in: db)
                    item.albumOutcome = AlbumOutcome(kind: .saved, day: stored.day)
                    if asksVision {
                        try AppDatabase.insertMediaTasks([VisionNoteHandler.request(sha256: stored.sha256, userID: task.userID)],
                                                         userID: task.userID, chatID: task.chatID, now: now, in: db)
                    }
                }
            }
            if heldPayload == nil {
                try db.execute(sql: "UPDATE media_tasks SET payload = ? WHERE id = ?",
                               arguments: [String(decoding: try JSONEncoder().encode(item), as: UTF8.self), task.id])
            }
            guard let siblings = try Self.finishedSiblings(of: task, group: payload.mediaGroupID ?? "", in: db) else {
                return MediaTaskOutcome(actions: [], heldPayload: heldPayload)
            }
            let own = AlbumItem(taskID: task.id, outcome: item.albumOutcome ?? AlbumOutcome(kind: .refused, day: payload.day))
            let count = try AppDatabase.photoDiary(of: task.userID, in: db).photos.count
            let reply = messages.albumReply(siblings + [own], count: count, max: max, locale: locale)
            return MediaTaskOutcome(actions: [reply], heldPayload: heldPayload)
        }
    }

    /// The album's other items with their outcomes, or nil while one of them has yet to finish.
    static func finishedSiblings(of task: MediaTask, group: String, in db: Database) throws -> [AlbumItem]? {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, state, payload FROM media_tasks
            WHERE user_id = ? AND kind = ? AND id != ? AND json_extract(payload, '$.media_group_id') = ?
            """, arguments: [task.userID, kind, task.id, group])
        if rows.contains(where: { ["pending", "running"].contains($0["state"] as String) }) { return nil }
        return rows.compactMap { row in
            let payload: String = row["payload"]
            guard let item = try? JSONDecoder().decode(IngestPayload.self, from: Data(payload.utf8)),
                  let outcome = item.albumOutcome else { return nil }
            return AlbumItem(taskID: row["id"], outcome: outcome)
        }
    }
}

/// One album item's task and what became of its photo.
struct AlbumItem: Sendable, Equatable {
    var taskID: Int64
    var outcome: AlbumOutcome
}
