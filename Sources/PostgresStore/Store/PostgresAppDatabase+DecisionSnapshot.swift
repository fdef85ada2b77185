import Bot
import Foundation
import PostgresNIO

/// What an update is decided on, read once the chat's lock is held: the user, their photo diary,
/// their pending reminders (re-planned after the decision) and whether they asked to be erased.
struct DecisionSnapshot {
    var user: UserRecord?
    var photoDiary = PhotoDiary.empty
    var pendingJobs: [String: MillisecondDate] = [:]
    var erased = false
}

extension PostgresAppDatabase {
    private struct PhotoRow: Decodable {
        var id: Int64
        var day: Int
        var sha256: String
        var thumb: String
        var green: Double
        var at: Int64
    }

    private struct HeldRow: Decodable {
        var id: Int64
        var payload: String
    }

    private struct JobRow: Decodable {
        var key: String
        var due: Int64
    }

    /// One round trip on the busiest path: the diary, the held photos and the pending jobs come as
    /// JSON beside the user's row (each of them was a statement of its own).
    static func decisionSnapshot(of userID: Int64, in session: SQLSession) async throws -> DecisionSnapshot {
        guard let row = try await session.rows(SnapshotQuery(userID: userID)).first else { return DecisionSnapshot() }
        return try snapshot(from: row)
    }

    /// An update's first statement (`sogreto_begin_update`): takes the chat's transaction lock,
    /// records the update id and then reads the snapshot. nil when the update was applied already.
    static func beginUpdate(_ updateID: Int64, lockingChat chat: Int64, userID: Int64?, now: Date,
                            in session: SQLSession) async throws -> DecisionSnapshot? {
        let rows = try await session.rows(BeginUpdate(chat: chat, updateID: updateID, at: now.milliseconds, userID: userID,
                                                      userHash: userID.map { Tombstone.hash(of: $0) }))
        guard let row = rows.first, try row.value("fresh", as: Bool.self) else { return nil }
        guard userID != nil else { return DecisionSnapshot() }
        return try snapshot(from: row)
    }

    private static func snapshot(from row: PostgresRandomAccessRow) throws -> DecisionSnapshot {
        var snapshot = DecisionSnapshot()
        if row["id"].bytes != nil { snapshot.user = try userRecord(row) }
        snapshot.erased = try row.value("erased")
        let decoder = JSONDecoder()
        func decoded<Value: Decodable>(_ column: String, as type: [Value].Type) throws -> [Value] {
            guard let json = try row.value(column, as: String?.self) else { return [] }
            return try decoder.decode([Value].self, from: Data(json.utf8))
        }
        let photos = try decoded("diary_photos", as: [PhotoRow].self).map {
            PhotoDiaryEntry(id: $0.id, day: $0.day, sha256: $0.sha256, thumbSHA256: $0.thumb, greenCoverage: $0.green,
                       takenAt: MillisecondDate(milliseconds: $0.at).date)
        }
        let held = try decoded("held", as: [HeldRow].self).compactMap { row -> HeldPhoto? in
            guard let ingest = try? decoder.decode(HeldIngest.self, from: Data(row.payload.utf8)) else { return nil }
            return HeldPhoto(taskID: row.id, day: ingest.stored?.day ?? ingest.day)
        }
        snapshot.photoDiary = PhotoDiary(photos: photos, held: held)
        for job in try decoded("pending_jobs", as: [JobRow].self) {
            snapshot.pendingJobs[job.key] = MillisecondDate(milliseconds: job.due)
        }
        return snapshot
    }
}

/// The snapshot's one statement (prepared: its subqueries cost more to plan than to run).
private struct SnapshotQuery: PreparedQuery {
    var userID: Int64
    static let sql = SnapshotQuery(userID: 0).query.sql

    var query: PostgresQuery {
        """
        SELECT \(unescaped: PostgresAppDatabase.userColumns),
            (SELECT json_agg(json_build_object('id', p.id, 'day', p.day, 'sha256', p.sha256, 'thumb', p.thumb_sha256,
                                               'green', p.green_coverage,
                                               'at', (extract(epoch FROM p.created_at) * 1000)::bigint)
                             ORDER BY p.day, p.id)
             FROM photos AS p WHERE p.user_id = \(userID))::text AS diary_photos,
            (SELECT json_agg(json_build_object('id', t.id, 'payload', t.payload) ORDER BY t.id)
             FROM media_tasks AS t WHERE t.user_id = \(userID) AND t.kind = 'ingest' AND t.state = 'held')::text AS held,
            (SELECT json_agg(json_build_object('key', j.key, 'due', (extract(epoch FROM j.due_at) * 1000)::bigint))
             FROM jobs AS j WHERE j.user_id = \(userID) AND j.state = 'pending')::text AS pending_jobs,
            EXISTS (SELECT 1 FROM erasures AS e WHERE e.user_hash = \(Tombstone.hash(of: userID))) AS erased
        FROM (SELECT 1) AS one LEFT JOIN users ON users.id = \(userID)
        """
    }
}

/// `beginUpdate`'s statement (prepared: every update runs it). The user's columns come from the
/// function's `users` row, under the names the other reads of a user give them.
private struct BeginUpdate: PreparedQuery {
    var chat: Int64
    var updateID: Int64
    var at: MillisecondDate
    var userID: Int64?
    var userHash: String?
    static let sql = BeginUpdate(chat: 0, updateID: 0, at: MillisecondDate(milliseconds: 0), userID: nil, userHash: nil).query.sql
    private static let userFields = PostgresAppDatabase.userColumns.split(separator: ",")
        .map { "(b.found_user).\($0.trimmingCharacters(in: .whitespacesAndNewlines))" }.joined(separator: ", ")

    var query: PostgresQuery {
        """
        SELECT b.fresh, \(unescaped: Self.userFields), b.diary_photos, b.held, b.pending_jobs, COALESCE(b.erased, false) AS erased
        FROM sogreto_begin_update(\(chat), \(updateID), \(at), \(userID), \(userHash)) AS b
        """
    }
}
