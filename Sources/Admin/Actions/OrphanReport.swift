import Bot
import Foundation

/// Media that lost its other half: files with no row, rows with no file, renders whose source
/// photos are gone. `GET /admin/storage/orphans` and `sogreto admin orphans`.
public struct OrphanReport: Codable, Sendable, Equatable {
    package struct Blob: Codable, Sendable, Equatable {
        package var sha256: String
        var bytes: Int64
    }

    package struct MissingBlob: Codable, Sendable, Equatable {
        /// photos or renders
        var table: String
        package var id: Int64
        var userID: Int64
        package var sha256: String
    }

    package struct BrokenRender: Codable, Sendable, Equatable {
        package var id: Int64
        var userID: Int64
        package var kind: String
        var missingSources: [String]
    }

    package var blobsWithoutRow: [Blob]
    package var rowsWithoutBlob: [MissingBlob]
    package var rendersWithoutSource: [BrokenRender]

    var bytesWithoutRow: Int64 { blobsWithoutRow.reduce(0) { $0 + $1.bytes } }
    public var isEmpty: Bool { blobsWithoutRow.isEmpty && rowsWithoutBlob.isEmpty && rendersWithoutSource.isEmpty }

    /// Compares the rows with the files. Blobs younger than `minimumAge` are left out: an upload
    /// writes its blob a moment before its row.
    static func find(references: MediaReferences, blobs: [BlobInventory.Blob], now: Date,
                     minimumAge: TimeInterval) -> OrphanReport {
        let referenced = references.referencedBlobs
        let onDisk = Set(blobs.map(\.hex))
        let strays = blobs.filter { !referenced.contains($0.hex) && now.timeIntervalSince($0.modifiedAt) >= minimumAge }
        var missing: [MissingBlob] = []
        for photo in references.photos {
            for hex in [photo.sha256, photo.thumbSHA256] where !onDisk.contains(hex) {
                missing.append(MissingBlob(table: "photos", id: photo.id, userID: photo.userID, sha256: hex))
            }
        }
        for render in references.renders where !onDisk.contains(render.sha256) {
            missing.append(MissingBlob(table: "renders", id: render.id, userID: render.userID, sha256: render.sha256))
        }
        var photosOfUser: [Int64: Set<String>] = [:]
        for photo in references.photos { photosOfUser[photo.userID, default: []].insert(photo.sha256) }
        let broken = references.renders.compactMap { render -> BrokenRender? in
            let gone = render.sources.filter { !(photosOfUser[render.userID]?.contains($0) ?? false) }
            return gone.isEmpty ? nil : BrokenRender(id: render.id, userID: render.userID, kind: render.kind, missingSources: gone)
        }
        return OrphanReport(blobsWithoutRow: strays.map { Blob(sha256: $0.hex, bytes: $0.bytes) },
                            rowsWithoutBlob: missing, rendersWithoutSource: broken)
    }
}

/// What a cleanup removed.
public struct CleanupResult: Codable, Sendable, Equatable {
    public var deletedBlobs: Int
    public var freedBytes: Int64
    public var deletedPhotoRows: Int
    public var deletedRenderRows: Int
}
