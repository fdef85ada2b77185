import BlobStore
import Foundation
import Testing

/// What every blob store promises, run against each implementation in `BlobStoreFactory.all`.
@Suite("Blob store contract")
struct BlobStoreContractTests {
    @Test("put, get, head and delete round-trip a blob", arguments: BlobStoreFactory.all)
    func roundTrip(factory: BlobStoreFactory) async throws {
        try await BlobStoreFixture.with(factory) { fixture in
            let store = fixture.store
            // Given a photo's bytes
            let photo = Data("photo bytes".utf8)
            // When they are stored
            let stored = try await store.put(photo, format: .jpeg)
            // Then the key is their SHA-256 and every read gives them back
            #expect(stored.key == BlobKey.of(photo))
            #expect(stored.size == Int64(photo.count))
            #expect(stored.name.path == "\(stored.key.hex.prefix(2))/\(stored.key.hex.dropFirst(2).prefix(2))/\(stored.key.hex).jpg")
            #expect(try await store.head(stored.name)?.size == Int64(photo.count))
            #expect(try await store.chunks(of: stored.name).collect() == photo)
            #expect(try await store.data(of: stored.name) == photo)
            let copy = fixture.scratch.appendingPathComponent("copy.jpg")
            try Data("old".utf8).write(to: copy)
            try await store.get(stored.name, to: copy)
            #expect(try Data(contentsOf: copy) == photo)
            // And the same bytes as another format are another blob
            let pdf = try await store.put(photo, format: .pdf)
            #expect(pdf.name != stored.name && pdf.key == stored.key)
            // When it is deleted (twice)
            try await store.delete(stored.name)
            try await store.delete(stored.name)
            // Then it is gone and the other format stays
            #expect(try await store.head(stored.name) == nil)
            #expect(try await store.head(pdf.name)?.size == Int64(photo.count))
            #expect(try await store.allEntries().map(\.name) == [pdf.name])
        }
    }

    @Test("storing bytes already stored keeps one blob", arguments: BlobStoreFactory.all)
    func existingKey(factory: BlobStoreFactory) async throws {
        try await BlobStoreFixture.with(factory) { fixture in
            let store = fixture.store
            let photo = Data(repeating: 7, count: 70_000)
            let first = try await store.put(photo, format: .jpeg)
            let before = try #require(try await store.head(first.name))
            let file = fixture.scratch.appendingPathComponent("same.jpg")
            try photo.write(to: file)
            let again = try await store.put(contentsOf: file, format: .jpeg)
            let streamed = try await store.put(chunks: BlobChunks(photo, chunkSize: 1_000), format: .jpeg)
            #expect(again == first && streamed == first)
            let after = try #require(try await store.head(first.name))
            #expect(after.size == before.size && after.modifiedAt >= before.modifiedAt)
            #expect(try await store.allEntries().map(\.name) == [first.name])
            #expect(try await store.data(of: first.name) == photo)
        }
    }

    @Test("a missing blob is reported as missing", arguments: BlobStoreFactory.all)
    func missingKey(factory: BlobStoreFactory) async throws {
        try await BlobStoreFixture.with(factory) { fixture in
            let store = fixture.store
            let name = BlobName(key: BlobKey.of(Data("never stored".utf8)), format: .jpeg)
            #expect(try await store.head(name) == nil)
            await #expect(throws: BlobStoreError.missing(name)) { try await store.chunks(of: name).collect() }
            await #expect(throws: BlobStoreError.missing(name)) {
                try await store.get(name, to: fixture.scratch.appendingPathComponent("none.jpg"))
            }
            #expect(!FileManager.default.fileExists(atPath: fixture.scratch.appendingPathComponent("none.jpg").path))
            try await store.delete(name)
            #expect(try await store.list(after: nil, limit: 10).entries.isEmpty)
        }
    }

    @Test("a 20 MB blob is streamed in and out", arguments: BlobStoreFactory.all)
    func streamsLargeBlob(factory: BlobStoreFactory) async throws {
        try await BlobStoreFixture.with(factory) { fixture in
            let store = fixture.store
            // Given 20 MB that arrive in 1 MB chunks, and the same bytes in a file
            let chunk = 1 << 20
            let whole = Self.twentyMegabytes
            let key = BlobKey.of(whole)
            let stream = BlobChunks(whole, chunkSize: chunk)
            // When the chunks are stored
            let streamed = try await store.put(chunks: stream, format: .pdf)
            // Then the key and size are the whole content's
            #expect(streamed.key == key && streamed.size == Int64(whole.count))
            // And reading comes back in chunks smaller than the blob
            var largest = 0, total = 0
            var hasher = BlobHasher()
            for try await piece in try await store.chunks(of: streamed.name) {
                largest = max(largest, piece.count)
                total += piece.count
                hasher.update(piece)
            }
            #expect(total == whole.count && hasher.finish() == key)
            if factory.description != "memory" { #expect(largest < whole.count) }
            // And a file is stored and fetched whole
            let file = fixture.scratch.appendingPathComponent("big.bin")
            try whole.write(to: file)
            try await store.delete(streamed.name)
            let fromFile = try await store.put(contentsOf: file, format: .pdf)
            #expect(fromFile == streamed)
            let back = fixture.scratch.appendingPathComponent("back.bin")
            try await store.get(fromFile.name, to: back)
            #expect(BlobKey.of(try Data(contentsOf: back)) == key)
        }
    }

    @Test("listing pages past 1,000 blobs visits each once, in order", arguments: BlobStoreFactory.all)
    func paginates(factory: BlobStoreFactory) async throws {
        try await BlobStoreFixture.with(factory) { fixture in
            let store = fixture.store
            // Given 1,050 blobs
            let count = 1_050
            let names = try await withThrowingTaskGroup(of: [BlobName].self) { group in
                var names: [BlobName] = []
                for start in stride(from: 0, to: count, by: count / 8 + 1) {
                    group.addTask {
                        var made: [BlobName] = []
                        for index in start..<min(start + count / 8 + 1, count) {
                            made.append(try await store.put(Data("blob \(index)".utf8), format: .jpeg).name)
                        }
                        return made
                    }
                }
                for try await made in group { names += made }
                return names
            }
            #expect(names.count == count)
            // When they are listed a full page at a time
            let first = try await store.list(after: nil, limit: blobPageLimit)
            #expect(first.entries.count == blobPageLimit)
            let continuation = try #require(first.continuation)
            let second = try await store.list(after: continuation, limit: blobPageLimit)
            // Then the second page holds the rest and is the last
            #expect(second.entries.count == count - blobPageLimit)
            #expect(second.continuation == nil)
            let all = (first.entries + second.entries).map(\.name)
            #expect(all == all.sorted() && Set(all).count == count)
            #expect(Set(names) == Set(all))
            // And small pages walk the same blobs
            var walked: [BlobName] = []
            var next: String?
            repeat {
                let page = try await store.list(after: next, limit: 97)
                walked += page.entries.map(\.name)
                next = page.continuation
            } while next != nil
            #expect(walked == all)
            await #expect(throws: BlobStoreError.self) { try await store.list(after: nil, limit: 0) }
        }
    }
}

extension BlobStoreContractTests {
    /// 20 MB of seeded noise: one random megabyte, each copy marked with its place.
    static let twentyMegabytes: Data = {
        var generator = SplitMix(seed: 20)
        var block = [UInt64](repeating: 0, count: (1 << 20) / 8)
        for index in block.indices { block[index] = generator.next() }
        var data = Data(capacity: 20 << 20)
        for copy in 0..<20 {
            block[0] = UInt64(copy)
            block.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }()
}

/// A small seeded generator, so large test content is not a run of one byte.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
