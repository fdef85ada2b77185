import Foundation

/// Checks that every stored blob's content hashes to its key: a torn or corrupted write shows as
/// a mismatch. Reads each blob in chunks through the store, so it works on any implementation.
public enum BlobAudit {
    public struct Report: Sendable, Equatable {
        package var checked = 0
        /// Blobs whose content does not match their key (or that vanished while being read).
        public var corrupt: [BlobName] = []
        /// Leftovers of folder writes interrupted by a crash (`.tmp-…`): harmless, never referenced.
        package var temporaryLeftovers = 0

        public init() {}
    }

    public static func audit(_ store: any BlobStore) async throws -> Report {
        var report = Report()
        try await store.forEachEntry { entries in
            for entry in entries {
                report.checked += 1
                if try await !matches(entry.name, in: store) { report.corrupt.append(entry.name) }
            }
        }
        if let folder = store as? FolderBlobStore {
            report.temporaryLeftovers = try folder.abandonedTemporaryFiles().count
        }
        return report
    }

    private static func matches(_ name: BlobName, in store: any BlobStore) async throws -> Bool {
        var hasher = BlobHasher()
        do {
            for try await chunk in try await store.chunks(of: name) { hasher.update(chunk) }
        } catch let error as BlobStoreError where error.code == .missing || error.code == .storage {
            return false
        }
        return hasher.finish() == name.key
    }
}
