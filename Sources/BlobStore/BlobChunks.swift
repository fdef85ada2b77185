public import Foundation

/// A blob's bytes as an async sequence of chunks, pulled one at a time (the reader never runs
/// ahead of the consumer). Built from a closure returning the next chunk, nil at the end.
public struct BlobChunks: AsyncSequence, Sendable {
    public typealias Element = Data
    private let next: @Sendable () async throws -> Data?

    public init(next: @escaping @Sendable () async throws -> Data?) {
        self.next = next
    }

    /// The chunks of bytes already in memory.
    public init(_ data: Data, chunkSize: Int = 256 * 1024) {
        let state = ChunkCursor(data: data, chunkSize: chunkSize)
        self.init(next: { state.next() })
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let next: @Sendable () async throws -> Data?

        public mutating func next() async throws -> Data? {
            try await next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(next: next)
    }

    /// Every chunk joined; only for blobs known to be small (a photo to upload, a test).
    package func collect() async throws -> Data {
        var data = Data()
        for try await chunk in self { data.append(chunk) }
        return data
    }
}

/// `@unchecked Sendable`: `offset` is only touched while holding `lock`.
private final class ChunkCursor: @unchecked Sendable {
    private let lock = NSLock()
    private let data: Data
    private let chunkSize: Int
    private var offset = 0

    init(data: Data, chunkSize: Int) {
        self.data = data
        self.chunkSize = max(1, chunkSize)
    }

    func next() -> Data? {
        lock.withLock {
            guard offset < data.count else { return nil }
            let end = min(offset + chunkSize, data.count)
            defer { offset = end }
            return data.subdata(in: (data.startIndex + offset)..<(data.startIndex + end))
        }
    }
}
