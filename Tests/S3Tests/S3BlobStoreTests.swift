import BlobStore
import Foundation
import S3TestSupport
import Testing
@testable import S3

/// What the S3 store adds to the blob store contract (which runs against it too): the prefix,
/// other objects in a shared bucket, and no work file left behind.
@Suite(.enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-deps installs it): skipped"))
struct S3BlobStoreTests {
    @Test func blobsLiveUnderThePrefixAndOtherObjectsOfTheBucketAreLeftAlone() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let files = try S3TestFiles()
        defer { files.remove() }
        let store = S3BlobStore(client: try S3Client(settings: settings), scratch: files.path("work"))
        var bare = settings
        bare.prefix = ""
        let bucket = try S3Client(settings: bare)
        try await bucket.put(key: "staging/ab/cd/other.jpg", data: Data("theirs".utf8))
        try await bucket.put(key: "prod/notes.txt", data: Data("not a blob".utf8))

        let photo = try await store.put(Data("photo".utf8), format: .jpeg)
        let streamed = try await store.put(chunks: BlobChunks(Data(repeating: 3, count: 600_000), chunkSize: 4096),
                                           format: .pdf)
        #expect(try await store.chunks(of: streamed.name).collect() == Data(repeating: 3, count: 600_000))

        #expect(try await bucket.head(key: "prod/" + photo.name.path)?.size == 5)
        #expect(try await store.allEntries().map(\.name) == [photo.name, streamed.name].sorted())
        #expect(try await bucket.list(prefix: "").count == 4)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: files.path("work").path)
        #expect(leftovers.isEmpty)
    }

    @Test func storingKnownBytesAgainSendsNoBodyAndRenewsTheObject() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket()
        let proxy = try FaultProxy(upstreamPort: moto.port)
        let files = try S3TestFiles()
        defer { files.remove() }
        let store = S3BlobStore(client: try S3Client(settings: moto.settings(bucket: settings.bucket, port: proxy.port)),
                                scratch: files.path("work"))
        let upload = try files.file(bytes: 200_000)

        let first = try await store.put(contentsOf: upload.url, format: .jpeg)
        let again = try await store.put(contentsOf: upload.url, format: .jpeg)

        #expect(first == again && first.size == 200_000)
        // One upload with a body; the second put is a HEAD and a copy of the object onto itself.
        #expect(proxy.requests.filter { $0.hasPrefix("PUT") }.map { $0.split(separator: " ").last } == ["200000", "0"])
        #expect(proxy.requests.filter { $0.hasPrefix("HEAD") }.count == 2)
        #expect(try await store.allEntries().map(\.size) == [200_000])
    }
}
