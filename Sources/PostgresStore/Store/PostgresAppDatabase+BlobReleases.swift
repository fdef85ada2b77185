import Bot
import Foundation
import PostgresNIO

/// When each blob no row refers to was first found so (table `blob_releases`), as the SQLite store
/// keeps it: the blob collector keeps a released blob while a retained backup may still need it.
extension PostgresAppDatabase {
    /// Whether a photo, a render or a photo held for the user's choice uses the blob (a held
    /// task names its keys in its payload).
    static func isReferenced(_ hex: String, in session: SQLSession) async throws -> Bool {
        try await session.scalar("""
            SELECT EXISTS(SELECT 1 FROM photos WHERE sha256 = \(hex) OR thumb_sha256 = \(hex))
                OR EXISTS(SELECT 1 FROM renders WHERE sha256 = \(hex))
                OR EXISTS(SELECT 1 FROM media_tasks WHERE kind = 'ingest' AND state = 'held' AND strpos(payload, \(hex)) > 0)
            """, as: Bool.self) ?? false
    }

    public func noteReleasedBlobs(_ unreferenced: Set<String>, now: Date) async throws -> [String: Date] {
        try await write { session in
            var known: [String: Date] = [:]
            for row in try await session.rows("SELECT sha256, released_at FROM blob_releases FOR UPDATE") {
                known[try row.value("sha256")] = try row.date("released_at")
            }
            var released: [String: Date] = [:]
            for hex in unreferenced where try await !Self.isReferenced(hex, in: session) {
                released[hex] = known[hex] ?? MillisecondDate(now).date
                if known[hex] == nil {
                    try await session.execute("""
                        INSERT INTO blob_releases (sha256, released_at) VALUES (\(hex), \(now.milliseconds))
                        ON CONFLICT (sha256) DO NOTHING
                        """)
                }
            }
            for hex in known.keys where released[hex] == nil {
                try await session.execute("DELETE FROM blob_releases WHERE sha256 = \(hex)")
            }
            return released
        }
    }

    public func isBlobReferenced(_ hex: String) async throws -> Bool {
        try await read { try await Self.isReferenced(hex, in: $0) }
    }

    public func forgetBlobRelease(_ hex: String) async throws {
        try await write { try await $0.execute("DELETE FROM blob_releases WHERE sha256 = \(hex)") }
    }

    public func deleteStaleRenders() async throws -> Int {
        try await write { session in
            var photosOfUser: [Int64: Set<String>] = [:]
            for row in try await session.rows("SELECT user_id, sha256 FROM photos") {
                photosOfUser[try row.value("user_id"), default: []].insert(try row.value("sha256"))
            }
            var stale: [Int64] = []
            for row in try await session.rows("SELECT id, user_id, sources FROM renders") {
                let sources = (try row.value("sources", as: String?.self))
                    .flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
                let photos = photosOfUser[try row.value("user_id", as: Int64.self)] ?? []
                if sources.contains(where: { !photos.contains($0) }) { stale.append(try row.value("id")) }
            }
            guard !stale.isEmpty else { return 0 }
            try await session.execute("DELETE FROM renders WHERE id = ANY(\(stale))")
            return stale.count
        }
    }
}
