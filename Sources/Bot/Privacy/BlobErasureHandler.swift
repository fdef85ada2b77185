import BlobStore
import Foundation

/// Runs "erase-blobs" tasks, recorded by an erasure in its transaction (under user 0, so no row
/// names the erased user): deletes each released blob that no row has come to use since, then
/// removes the user's export archives not yet cleaned up, and lets the store scrub what the
/// database still holds of the deleted rows.
public struct BlobErasureHandler: MediaTaskHandler {
    public static let kind = "erase-blobs"
    public var kind: String { Self.kind }
    let blobs: any BlobStore
    let database: any Store
    /// Where `ExportHandler` leaves archives, named after the user's hash.
    let dataDirectory: URL?

    init(blobs: any BlobStore, database: any Store, dataDirectory: URL? = nil) {
        self.blobs = blobs
        self.database = database
        self.dataDirectory = dataDirectory
    }

    struct Payload: Codable {
        var blobs: [String]
        var userHash: String?
    }

    package static func request(_ hexes: [String], userHash: String) -> MediaTaskRequest {
        MediaTaskRequest(kind: kind, encoding: Payload(blobs: hexes, userHash: userHash))
    }

    public func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let payload = try JSONDecoder().decode(Payload.self, from: Data(task.payload.utf8))
        try await Self.delete(payload.blobs, from: blobs, unlessReferencedIn: database)
        if let dataDirectory, let hash = payload.userHash {
            ExportHandler.removeArchives(of: hash, in: dataDirectory)
        }
        try await database.scrubErasedData()
        return .reply([])
    }

    /// Deletes every format stored under each key no row refers to; returns how many were deleted.
    @discardableResult
    public static func delete(_ hexes: [String], from blobs: any BlobStore, unlessReferencedIn database: any Store) async throws -> Int {
        var deleted = 0
        for hex in hexes where try await !database.isBlobReferenced(hex) {
            for format in [BlobFormat.jpeg, .pdf] {
                guard let name = BlobName(hex: hex, format: format) else { continue }
                if try await blobs.head(name) != nil {
                    try await blobs.delete(name)
                    deleted += 1
                }
            }
        }
        return deleted
    }
}
