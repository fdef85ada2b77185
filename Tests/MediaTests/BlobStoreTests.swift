import Foundation
import Testing
@testable import Media

extension MediaTests {
    @Suite("Blob stores keep photos by content")
    struct BlobStoreTests {
        enum Kind: String, CaseIterable { case file, memory }

        private func makeStore(_ kind: Kind) throws -> (BlobStore, URL?) {
            switch kind {
            case .memory:
                return (InMemoryBlobStore(), nil)
            case .file:
                let root = FileManager.default.temporaryDirectory
                    .appendingPathComponent("sogreto-blobs-\(UUID().uuidString)").appendingPathComponent("media")
                return (try FileBlobStore(root: root), root)
            }
        }

        @Test("the same content is stored once and read back", arguments: Kind.allCases)
        func deduplicates(kind: Kind) throws {
            let (store, root) = try makeStore(kind)
            defer { root.map { try? FileManager.default.removeItem(at: $0.deletingLastPathComponent()) } }
            let photo = Data("photo bytes".utf8)
            let first = try store.put(photo)
            let second = try store.put(photo)
            let other = try store.put(Data("another photo".utf8))
            #expect(first == second)
            #expect(first != other)
            #expect(first == BlobKey.of(photo))
            #expect(try store.get(first) == photo)
            #expect(try store.allKeys() == [first, other].sorted())
        }

        @Test("deleting is idempotent and a missing blob is reported", arguments: Kind.allCases)
        func deletes(kind: Kind) throws {
            let (store, root) = try makeStore(kind)
            defer { root.map { try? FileManager.default.removeItem(at: $0.deletingLastPathComponent()) } }
            let key = try store.put(Data("x".utf8))
            try store.delete(key)
            try store.delete(key)
            #expect(!store.contains(key))
            #expect(throws: MediaError.self) { try store.get(key) }
            #expect(try store.allKeys().isEmpty)
        }

        @Test("files live under ab/cd/<sha256>.jpg and writes leave no temporary files")
        func layoutAndAtomicity() throws {
            let (store, root) = try makeStore(.file)
            guard let root, let fileStore = store as? FileBlobStore else { return }
            defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
            let data = Data("hello".utf8)
            let key = try fileStore.put(data)
            // sha256("hello")
            #expect(key.hex == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
            #expect(fileStore.url(for: key).path == root.appendingPathComponent("2c/f2/\(key.hex).jpg").path)
            for index in 0..<20 { try fileStore.put(Data("photo \(index)".utf8)) }
            #expect(try fileStore.abandonedTemporaryFiles().isEmpty)
            let everything = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
            #expect(everything.filter { $0.contains(".tmp-") }.isEmpty)
            #expect(try fileStore.allKeys().count == 21)
        }

        @Test("stray files and interrupted writes are not listed as blobs")
        func ignoresStrays() throws {
            let (store, root) = try makeStore(.file)
            guard let root, let fileStore = store as? FileBlobStore else { return }
            defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
            let key = try fileStore.put(Data("kept".utf8))
            let directory = fileStore.url(for: key).deletingLastPathComponent()
            try Data("partial".utf8).write(to: directory.appendingPathComponent(".tmp-crashed"))
            try Data("note".utf8).write(to: directory.appendingPathComponent("README.txt"))
            #expect(try fileStore.allKeys() == [key])
            #expect(try fileStore.abandonedTemporaryFiles().map(\.lastPathComponent) == [".tmp-crashed"])
        }

        @Test("keys accept only 64 lowercase hex digits")
        func keys() {
            #expect(BlobKey(hex: String(repeating: "a", count: 64)) != nil)
            #expect(BlobKey(hex: String(repeating: "A", count: 64)) == nil)
            #expect(BlobKey(hex: "../../etc/passwd") == nil)
        }
    }
}
