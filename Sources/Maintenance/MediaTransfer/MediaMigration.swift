public import Foundation
public import Media

/// Copies every blob of one store into another (the media folder into a bucket, or back). Keys
/// are content hashes, so a blob keeps its name and no row changes. Each copy is checked before
/// it counts: the source's bytes must hash to the key (a damaged file is reported, never copied
/// under its name), and a new object is read back whole and hashed. An object already there
/// with the right size counts as copied (uploads are all-or-nothing), so a migration killed at
/// any moment resumes where it stopped and a second run copies nothing.
public struct MediaMigration: Sendable {
    public let source: any BlobStore
    public let destination: any BlobStore
    /// Downloads from a source without local files go here, one at a time per lane, removed after use.
    public let scratch: URL
    /// Blobs copied at the same time.
    var lanes = 4

    public init(source: any BlobStore, destination: any BlobStore, scratch: URL) {
        self.source = source
        self.destination = destination
        self.scratch = scratch
    }

    /// Where a migration stands; the last one is its result.
    public struct Progress: Sendable, Equatable {
        public var total = 0
        /// Copied in this run, each read back and hashed.
        public var copied = 0
        /// Already in the destination with the right size (an earlier, maybe killed, run).
        public var alreadyThere = 0
        public var copiedBytes: Int64 = 0
        /// Source blobs whose bytes do not hash to their key: not copied.
        public var damagedAtSource: [BlobName] = []
        /// Blobs that could not be copied or did not read back intact, with the reason.
        public var failed: [Failure] = []

        public var done: Int { copied + alreadyThere + damagedAtSource.count + failed.count }
        public var isComplete: Bool { damagedAtSource.isEmpty && failed.isEmpty && copied + alreadyThere == total }
    }

    public struct Failure: Sendable, Equatable {
        public var name: BlobName
        public var reason: String
    }

    /// Copies everything; `report` sees the progress after each blob (from one task at a time).
    public func run(report: @Sendable (Progress) -> Void = { _ in }) async throws -> Progress {
        var progress = Progress()
        try await source.forEachEntry { progress.total += $0.count }
        try await source.forEachEntry { entries in
            try await withThrowingTaskGroup(of: (BlobName, Outcome).self) { group in
                var pending = entries[...]
                func startNext() {
                    guard let entry = pending.popFirst() else { return }
                    group.addTask { (entry.name, try await copy(entry)) }
                }
                for _ in 0..<max(1, lanes) { startNext() }
                while let (name, outcome) = try await group.next() {
                    progress.record(outcome, of: name)
                    report(progress)
                    startNext()
                }
            }
        }
        return progress
    }

    enum Outcome: Sendable {
        case copied(Int64)
        case alreadyThere
        case damagedAtSource
        case failed(String)
    }

    private func copy(_ entry: BlobEntry) async throws -> Outcome {
        let name = entry.name
        do {
            if let head = try await destination.head(name) {
                if head.size == entry.size { return .alreadyThere }
                // A content-addressed object of another size is damaged: replace it.
                try await destination.delete(name)
            }
            return try await withSourceFile(name) { file in
                guard let (key, size) = try Self.key(of: file) else { return .failed("its file could not be read") }
                guard key == name.key, size == entry.size else { return .damagedAtSource }
                let stored = try await destination.put(contentsOf: file, format: name.format)
                guard stored.name == name else { return .failed("stored under \(stored.name) instead") }
                return try await readsBackIntact(name, size: entry.size) ? .copied(entry.size)
                    : .failed("the copy does not read back with its size and SHA-256")
            }
        } catch let error as BlobStoreError where error.code == .missing {
            return .failed("it vanished from the source during the copy")
        } catch let error as BlobStoreError {
            return .failed(error.message)
        }
    }

    /// Runs `body` with a local file holding the source's bytes.
    private func withSourceFile(_ name: BlobName, _ body: (URL) async throws -> Outcome) async throws -> Outcome {
        try await source.withLocalFiles([name], scratch: scratch) { files in try await body(files[0]) }
    }

    private func readsBackIntact(_ name: BlobName, size: Int64) async throws -> Bool {
        let (key, bytes) = try await Self.key(of: destination.chunks(of: name))
        return key == name.key && bytes == size
    }

    /// The file's key and size; nil when it cannot be opened.
    static func key(of file: URL) throws -> (BlobKey, Int64)? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        var hasher = BlobHasher()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        return (hasher.finish(), hasher.byteCount)
    }

    static func key(of chunks: BlobChunks) async throws -> (BlobKey, Int64) {
        var hasher = BlobHasher()
        for try await chunk in chunks { hasher.update(chunk) }
        return (hasher.finish(), hasher.byteCount)
    }
}

extension MediaMigration.Progress {
    mutating func record(_ outcome: MediaMigration.Outcome, of name: BlobName) {
        switch outcome {
        case .copied(let bytes):
            copied += 1
            copiedBytes += bytes
        case .alreadyThere:
            alreadyThere += 1
        case .damagedAtSource:
            damagedAtSource.append(name)
        case .failed(let reason):
            failed.append(MediaMigration.Failure(name: name, reason: reason))
        }
    }
}
