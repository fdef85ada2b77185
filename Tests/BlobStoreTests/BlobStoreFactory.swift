import BlobStore
import Foundation
import S3
import S3TestSupport

/// One implementation under the contract suite: how to make an empty store and clean up after.
/// An S3 factory returns nil (after printing why) when its server cannot start here.
struct BlobStoreFactory: Sendable, CustomStringConvertible {
    let description: String
    let make: @Sendable () async throws -> BlobStoreFixture?

    /// Every implementation the contract runs against; add new stores here.
    static let all: [BlobStoreFactory] = [folder, memory, s3]

    static let folder = BlobStoreFactory(description: "folder") {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-blobs-\(UUID().uuidString)")
        let store = try FolderBlobStore(root: base.appendingPathComponent("media"))
        return BlobStoreFixture(store: store, scratch: base.appendingPathComponent("scratch")) {
            try? FileManager.default.removeItem(at: base)
        }
    }

    /// A fresh bucket on the test process's moto (authentication on), under a prefix.
    static let s3 = BlobStoreFactory(description: "s3") {
        guard MotoServer.isInstalled else {
            print("Skipping the S3 blob store contract: moto_server is not installed (scripts/install-deps installs it).")
            return nil
        }
        let moto = try await MotoServer.shared()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-blobs-\(UUID().uuidString)")
        let store = S3BlobStore(client: try S3Client(settings: try await moto.makeBucket(prefix: "sogreto/")),
                                scratch: scratch.appendingPathComponent("s3-work"))
        return BlobStoreFixture(store: store, scratch: scratch) {
            try? FileManager.default.removeItem(at: scratch)
        }
    }

    static let memory = BlobStoreFactory(description: "memory") {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-blobs-\(UUID().uuidString)")
        return BlobStoreFixture(store: InMemoryBlobStore(), scratch: scratch) {
            try? FileManager.default.removeItem(at: scratch)
        }
    }
}

/// A store made for one test, a scratch folder for the test's own files, and its clean-up.
struct BlobStoreFixture: Sendable {
    let store: any BlobStore
    let scratch: URL
    let tearDown: @Sendable () async -> Void

    init(store: any BlobStore, scratch: URL, tearDown: @escaping @Sendable () async -> Void) {
        self.store = store
        self.scratch = scratch
        self.tearDown = tearDown
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    /// Runs `body` with a fresh store from `factory`, or skips (printing why) when it has none.
    static func with(_ factory: BlobStoreFactory, _ body: (BlobStoreFixture) async throws -> Void) async throws {
        guard let fixture = try await factory.make() else { return }
        do {
            try await body(fixture)
        } catch {
            await fixture.tearDown()
            throw error
        }
        await fixture.tearDown()
    }
}
