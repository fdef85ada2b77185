import BlobStore
import Foundation
import Testing

@Suite("The folder store keeps the media folder's layout")
struct FolderBlobStoreTests {
    private func withRoot(_ body: (URL) async throws -> Void) async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-folder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try await body(base.appendingPathComponent("media"))
    }

    @Test("a media folder written by the old code is read, listed and extended in place")
    func readsOldDataDirectory() async throws {
        try await withRoot { root in
            // Given files where the old FileBlobStore put them: media/ab/cd/<sha256>.jpg (photos,
            // renders) and .pdf (diaries), written without the new code
            let photo = Data("an old photo".utf8), pdf = Data("%PDF an old diary".utf8)
            func oldPath(_ data: Data, _ ext: String) -> URL {
                let hex = BlobKey.of(data).hex
                return root.appendingPathComponent(String(hex.prefix(2))).appendingPathComponent(String(hex.dropFirst(2).prefix(2)))
                    .appendingPathComponent("\(hex).\(ext)")
            }
            for (data, ext) in [(photo, "jpg"), (pdf, "pdf")] {
                let url = oldPath(data, ext)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            // When the new store opens the folder
            let store = try FolderBlobStore(root: root)
            let photoName = BlobName(key: BlobKey.of(photo), format: .jpeg)
            let pdfName = BlobName(key: BlobKey.of(pdf), format: .pdf)
            // Then it finds both where they are
            #expect(try await store.data(of: photoName) == photo)
            #expect(try await store.data(of: pdfName) == pdf)
            #expect(store.localFile(photoName)?.path == oldPath(photo, "jpg").path)
            #expect(Set(try await store.allEntries().map(\.name)) == [photoName, pdfName])
            // And a new photo lands in the same layout
            let fresh = Data("a new photo".utf8)
            let stored = try await store.put(fresh, format: .jpeg)
            #expect(FileManager.default.fileExists(atPath: oldPath(fresh, "jpg").path))
            #expect(store.localFile(stored.name)?.path == oldPath(fresh, "jpg").path)
            // sha256("hello") under 2c/f2
            let hello = try await store.put(Data("hello".utf8), format: .jpeg)
            #expect(hello.name.path == "2c/f2/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824.jpg")
        }
    }

    @Test("writes leave no temporary files; strays and interrupted writes are not blobs")
    func ignoresStrays() async throws {
        try await withRoot { root in
            let store = try FolderBlobStore(root: root)
            for index in 0..<20 { _ = try await store.put(Data("photo \(index)".utf8), format: .jpeg) }
            let file = root.deletingLastPathComponent().appendingPathComponent("upload.bin")
            try Data(repeating: 1, count: 300_000).write(to: file)
            _ = try await store.put(contentsOf: file, format: .jpeg)
            #expect(try store.abandonedTemporaryFiles().isEmpty)
            let kept = try await store.put(Data("kept".utf8), format: .jpeg)
            let directory = try #require(store.localFile(kept.name)).deletingLastPathComponent()
            try Data("partial".utf8).write(to: directory.appendingPathComponent(".tmp-crashed"))
            try Data("note".utf8).write(to: directory.appendingPathComponent("README.txt"))
            try Data("note".utf8).write(to: root.appendingPathComponent("README.txt"))
            let hex = kept.key.hex
            // A blob filed under the wrong folders is not one of ours.
            try FileManager.default.createDirectory(at: root.appendingPathComponent("00/00"), withIntermediateDirectories: true)
            try Data("kept".utf8).write(to: root.appendingPathComponent("00/00/\(hex).jpg"))
            #expect(try await store.allEntries().count == 22)
            #expect(try store.abandonedTemporaryFiles().map(\.lastPathComponent) == [".tmp-crashed"])
        }
    }

    @Test("storing a blob again renews its modification time")
    func renewsExisting() async throws {
        try await withRoot { root in
            let store = try FolderBlobStore(root: root)
            let stored = try await store.put(Data("renew me".utf8), format: .jpeg)
            let file = try #require(store.localFile(stored.name))
            let old = Date(timeIntervalSince1970: 1_000_000)
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: file.path)
            #expect(try await store.head(stored.name)?.modifiedAt == old)
            _ = try await store.put(Data("renew me".utf8), format: .jpeg)
            #expect(try #require(try await store.head(stored.name)).modifiedAt > old.addingTimeInterval(1_000))
        }
    }

    @Test("names parse only the layout's paths")
    func names() {
        let hex = String(repeating: "ab", count: 32)
        #expect(BlobName(path: "ab/ab/\(hex).jpg") == BlobName(hex: hex, format: .jpeg))
        #expect(BlobName(path: "ab/ab/\(hex).pdf")?.format == .pdf)
        #expect(BlobName(path: "ab/ac/\(hex).jpg") == nil)
        #expect(BlobName(path: "ab/ab/\(hex.uppercased()).jpg") == nil)
        #expect(BlobName(path: "ab/ab/.tmp-\(hex)") == nil)
        #expect(BlobName(path: "../ab/\(hex).jpg") == nil)
        #expect(BlobName(path: "ab/ab/\(hex).JPG") == nil)
        #expect(BlobKey(hex: "../../etc/passwd") == nil)
    }

    @Test("streamed hashing matches hashing at once at every split")
    func hasher() {
        var generator = SplitMix(seed: 3)
        let data = Data((0..<1_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        for split in [0, 1, 55, 56, 63, 64, 65, 127, 128, 500, 999, 1_000] {
            var hasher = BlobHasher()
            hasher.update(data.prefix(split))
            hasher.update(data.dropFirst(split))
            #expect(hasher.finish() == BlobKey.of(data), "split at \(split)")
            #expect(hasher.byteCount == 1_000)
        }
    }
}
