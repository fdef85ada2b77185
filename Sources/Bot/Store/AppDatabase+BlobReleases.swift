import Foundation
import GRDB

/// When each blob no row refers to was first found so (table `blob_releases`), so the blob
/// collector can keep it while a retained backup may still need it. A blob that a row refers to
/// again loses its entry, and its clock starts afresh if it is released once more.
extension AppDatabase {
    static func registerBlobReleases(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-blob-releases") { db in
            try db.create(table: "blob_releases") { t in
                t.column("sha256", .text).primaryKey()               // the blob key (hex), any format
                t.column("released_at", .datetime).notNull()         // first found with no row
            }
        }
    }

    /// Records the blobs (hex) found with no row at `now`, keeping earlier release times, and
    /// forgets every other entry (blobs referenced again or gone). Blobs a row refers to by now
    /// are left out. Returns each released blob's release time.
    public func noteReleasedBlobs(_ unreferenced: Set<String>, now: Date) async throws -> [String: Date] {
        try await writer.write { db in
            var known: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sha256, released_at FROM blob_releases") {
                known[row["sha256"]] = (row["released_at"] as StoredDate).date
            }
            var released: [String: Date] = [:]
            for hex in unreferenced where try !Self.isReferenced(hex, db) {
                released[hex] = known[hex] ?? now
                if known[hex] == nil {
                    try db.execute(sql: "INSERT INTO blob_releases(sha256, released_at) VALUES (?, ?)", arguments: [hex, now])
                }
            }
            for hex in known.keys where released[hex] == nil {
                try db.execute(sql: "DELETE FROM blob_releases WHERE sha256 = ?", arguments: [hex])
            }
            return released
        }
    }

    /// Whether a photo or render row refers to the blob (hex): asked again just before deleting it.
    public func isBlobReferenced(_ hex: String) async throws -> Bool {
        try await writer.read { db in try Self.isReferenced(hex, db) }
    }

    /// Forgets a collected blob's release.
    public func forgetBlobRelease(_ hex: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM blob_releases WHERE sha256 = ?", arguments: [hex])
        }
    }

    /// Deletes cached renders made from a photo no longer in its user's diary (they can never be
    /// shown again: the cache key names the photos), so their blobs are released in turn.
    /// Returns how many were deleted.
    public func deleteStaleRenders() async throws -> Int {
        try await writer.write { db in
            var photosOfUser: [Int64: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT user_id, sha256 FROM photos") {
                photosOfUser[row["user_id"], default: []].insert(row["sha256"])
            }
            var stale: [Int64] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, user_id, sources FROM renders") {
                let sources = (row["sources"] as String?)
                    .flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
                let photos = photosOfUser[row["user_id"]] ?? []
                if sources.contains(where: { !photos.contains($0) }) { stale.append(row["id"]) }
            }
            for id in stale { try db.execute(sql: "DELETE FROM renders WHERE id = ?", arguments: [id]) }
            return stale.count
        }
    }
}
