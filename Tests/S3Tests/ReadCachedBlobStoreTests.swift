import BlobStore
import Foundation
import S3TestSupport
import Testing
@testable import S3

/// The read cache in front of a bucket (moto behind a proxy that logs each request): a blob read
/// again is not downloaded again, the cache never holds more than its bound, the least recently
/// used blob goes first, and a blob larger than the whole cache is read without being kept.
@Suite(.enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-deps installs it): skipped"))
struct ReadCachedBlobStoreTests {
    private func blob(_ count: Int, seed: UInt8) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 7 &+ ($0 >> 8)) })
    }

    private func downloads(of name: BlobName, _ proxy: FaultProxy) -> Int {
        proxy.requests.filter { $0.hasPrefix("GET ") && $0.contains(name.key.hex) }.count
    }

    private func bytesOnDisk(_ folder: URL) -> Int64 {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.fileSizeKey])) ?? []
        return files.reduce(0) { $0 + Int64((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
    }

    @Test func aBlobReadAgainIsNotDownloadedAgainAndTheCacheKeepsItsBound() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let proxy = try FaultProxy(upstreamPort: moto.port)
        defer { proxy.stop() }
        let files = try S3TestFiles()
        defer { files.remove() }
        let bucket = S3BlobStore(client: try S3Client(settings: moto.settings(bucket: settings.bucket, prefix: "prod/",
                                                                             port: proxy.port)),
                                 scratch: files.path("work"))
        let cache = try BlobReadCache(folder: files.path("cache"), maxBytes: 1_000_000)
        let store = ReadCachedBlobStore(base: bucket, cache: cache)
        let (a, b, c) = (blob(400_000, seed: 1), blob(400_000, seed: 2), blob(400_000, seed: 3))
        let big = blob(1_200_000, seed: 4)
        var names: [BlobName] = []
        for data in [a, b, c, big] { names.append(try await store.put(data, format: .jpeg).name) }

        // When A is read three times, by file and in chunks
        try await store.get(names[0], to: files.path("a1"))
        try await store.get(names[0], to: files.path("a2"))
        let chunked = try await store.chunks(of: names[0]).collect()
        // Then it was downloaded once, and each read has its bytes
        #expect(downloads(of: names[0], proxy) == 1)
        let copies = try [Data(contentsOf: files.path("a1")), Data(contentsOf: files.path("a2")), chunked]
        #expect(copies == [a, a, a])

        // When B and C are read: 1.2 MB against a 1 MB bound
        try await store.get(names[1], to: files.path("b"))
        _ = try await store.chunks(of: names[2]).collect()
        // Then A, the least recently used, made room, and the cache holds at most its bound
        #expect(cache.bytes == 800_000 && bytesOnDisk(cache.folder) == 800_000)
        _ = try await store.data(of: names[1])
        #expect(downloads(of: names[1], proxy) == 1, "B is still cached")
        try await store.get(names[0], to: files.path("a3"))
        #expect(downloads(of: names[0], proxy) == 2, "A was evicted")
        #expect(cache.bytes <= 1_000_000 && bytesOnDisk(cache.folder) <= 1_000_000)

        // When a blob larger than the whole cache is read twice
        let first = try await store.chunks(of: names[3]).collect()
        try await store.get(names[3], to: files.path("big"))
        // Then it is read in full each time and never kept
        let second = try Data(contentsOf: files.path("big"))
        #expect(first == big && second == big)
        #expect(downloads(of: names[3], proxy) == 2)
        #expect(bytesOnDisk(cache.folder) <= 1_000_000)
        // And a deleted blob leaves the cache with the bucket
        try await store.delete(names[1])
        #expect(try await store.head(names[1]) == nil)
        await #expect(throws: BlobStoreError.self) { try await store.get(names[1], to: files.path("gone")) }
    }
}
