import Foundation
import Media
import S3
import S3TestSupport
import Testing
@testable import Bot
@testable import Maintenance

/// Moving the media folder into a bucket (moto, authentication on) and checking a store against
/// the rows: every blob arrives intact under its own name, nothing is copied twice, a damaged
/// file is never copied, and the check finds missing and damaged objects.
@Suite(.enabled(if: MotoServer.isInstalled, "needs moto_server (scripts/install-deps installs it)"))
struct MediaMigrationTests {
    private func bucket(_ moto: MotoServer, scratch: URL) async throws -> S3BlobStore {
        S3BlobStore(client: try S3Client(settings: try await moto.makeBucket(prefix: "prod/")), scratch: scratch)
    }

    private func names(_ store: any BlobStore) async throws -> [BlobName] {
        try await store.allEntries().map(\.name)
    }

    @Test func everyBlobOfTheFolderArrivesIntactAndASecondRunCopiesNothing() async throws {
        let moto = try await MotoServer.shared()
        let diary = try BlobCollectionTests.PhotoDiaryFixture.make("migrate")
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        // Given photos with rows, a collage and a PDF in the media folder
        let photo = try await diary.addPhoto(user: 1, "first")
        let collage = try await diary.addRender(user: 1, sources: [photo.main])
        let pdf = try await diary.blobs.put(Data("%PDF-1.4 a diary".utf8), format: .pdf)
        let bucket = try await bucket(moto, scratch: diary.directory.appendingPathComponent("s3-work"))
        let migration = MediaMigration(source: diary.blobs, destination: bucket,
                                       scratch: diary.directory.appendingPathComponent("s3-work"))

        // When the folder is migrated, twice
        let first = try await migration.run()
        let second = try await migration.run()

        // Then every blob is in the bucket under its own name, read back intact, once
        #expect(first.total == 4 && first.copied == 4 && first.isComplete, "\(first)")
        #expect(second.copied == 0 && second.alreadyThere == 4 && second.isComplete, "\(second)")
        #expect(try await names(bucket) == names(diary.blobs))
        #expect(try await bucket.data(of: pdf.name) == Data("%PDF-1.4 a diary".utf8))
        // And the rows' keys name the bucket's objects as they are
        let references = try await diary.database.mediaReferences()
        let check = try await MediaVerification(store: bucket, readsContent: true)
            .verify(MediaVerification.expected(references))
        #expect(check.referenced == 3 && check.intact == 3 && check.isSound, "\(check)")
        #expect(references.referencedBlobs == [photo.main.hex, photo.thumb.hex, collage.hex])
    }

    @Test func aDamagedFileIsNotCopiedAndAWrongObjectIsReplaced() async throws {
        let moto = try await MotoServer.shared()
        let diary = try BlobCollectionTests.PhotoDiaryFixture.make("migrate-damaged")
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        let scratch = diary.directory.appendingPathComponent("s3-work")
        let bucket = try await bucket(moto, scratch: scratch)
        // Given a blob whose file was damaged on disk, and one whose object in the bucket is cut short
        let damaged = try await diary.blobs.put(Data(repeating: 1, count: 5_000), format: .jpeg).name
        let file = try #require(diary.blobs.localFile(damaged))
        try Data(repeating: 2, count: 5_000).write(to: file)
        let short = try await diary.blobs.put(Data(repeating: 3, count: 6_000), format: .jpeg).name
        try await bucket.client.put(key: "prod/" + short.path, data: Data(repeating: 3, count: 10))

        // When the folder is migrated
        let result = try await MediaMigration(source: diary.blobs, destination: bucket, scratch: scratch).run()

        // Then the damaged file is reported and absent from the bucket; the short object holds the blob now
        #expect(result.damagedAtSource == [damaged] && result.copied == 1 && !result.isComplete, "\(result)")
        #expect(try await bucket.head(damaged) == nil)
        #expect(try await bucket.data(of: short) == Data(repeating: 3, count: 6_000))
    }

    @Test func theCheckFindsMissingAndDamagedObjects() async throws {
        let moto = try await MotoServer.shared()
        let diary = try BlobCollectionTests.PhotoDiaryFixture.make("verify-bucket")
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        let scratch = diary.directory.appendingPathComponent("s3-work")
        let bucket = try await bucket(moto, scratch: scratch)
        let kept = try await diary.addPhoto(user: 1, "kept")
        let lost = try await diary.addPhoto(user: 1, "lost")
        _ = try await MediaMigration(source: diary.blobs, destination: bucket, scratch: scratch).run()
        // Given one photo's object deleted from the bucket and another's replaced by other bytes of the same size
        try await bucket.delete(BlobName(key: lost.main, format: .jpeg))
        let thumb = BlobName(key: kept.thumb, format: .jpeg)
        let size = try #require(try await bucket.head(thumb)).size
        try await bucket.client.put(key: "prod/" + thumb.path, data: Data(repeating: 0, count: Int(size)))

        // When the rows are checked against the bucket, reading content and only listing
        let expected = MediaVerification.expected(try await diary.database.mediaReferences())
        let deep = try await MediaVerification(store: bucket, readsContent: true).verify(expected)
        let shallow = try await MediaVerification(store: bucket, readsContent: false).verify(expected)

        // Then the missing one is found by both, the damaged one by reading
        #expect(deep.missing == [lost.main.hex] && deep.damaged == [thumb] && deep.intact == 2, "\(deep)")
        #expect(shallow.missing == [lost.main.hex] && shallow.damaged.isEmpty && shallow.intact == 3, "\(shallow)")
    }
}
