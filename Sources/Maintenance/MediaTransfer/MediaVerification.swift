public import Bot
import Foundation
public import Media

/// Checks that every blob the rows (or a backup) refer to is in a store: listed once, page by
/// page, then each referenced blob read whole and hashed when `readsContent`. Rows keep keys,
/// not formats, so a key is found under whichever format the store holds it.
public struct MediaVerification: Sendable {
    public let store: any BlobStore
    /// Read every referenced blob and hash it (intact), not only find it with its size (present).
    public var readsContent: Bool

    public init(store: any BlobStore, readsContent: Bool) {
        self.store = store
        self.readsContent = readsContent
    }

    public struct Report: Sendable, Equatable {
        public var referenced = 0
        public var intact = 0
        public var bytes: Int64 = 0
        /// Keys (hex) no stored blob has.
        public var missing: [String] = []
        /// Stored blobs whose size or content does not match.
        public var damaged: [BlobName] = []

        public var isSound: Bool { missing.isEmpty && damaged.isEmpty }
    }

    /// `expected`: the referenced keys (hex), each with its size when the caller knows it.
    public func verify(_ expected: [String: Int64?]) async throws -> Report {
        var stored: [String: BlobEntry] = [:]
        try await store.forEachEntry { entries in
            for entry in entries where expected[entry.name.key.hex] != nil { stored[entry.name.key.hex] = entry }
        }
        var report = Report()
        report.referenced = expected.count
        for hex in expected.keys.sorted() {
            guard let entry = stored[hex] else {
                report.missing.append(hex)
                continue
            }
            var sound = (expected[hex] ?? nil).map { $0 == entry.size } ?? true
            if sound, readsContent { sound = try await isIntact(entry) }
            guard sound else {
                report.damaged.append(entry.name)
                continue
            }
            report.intact += 1
            report.bytes += entry.size
        }
        return report
    }

    /// The keys the rows refer to (sizes are not kept per blob in rows).
    public static func expected(_ references: MediaReferences) -> [String: Int64?] {
        Dictionary(references.referencedBlobs.map { ($0, nil) }, uniquingKeysWith: { first, _ in first })
    }

    private func isIntact(_ entry: BlobEntry) async throws -> Bool {
        do {
            let (key, size) = try await MediaMigration.key(of: store.chunks(of: entry.name))
            return key == entry.name.key && size == entry.size
        } catch let error as BlobStoreError where error.code == .missing {
            return false
        }
    }
}
