import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX steps the folder store takes, with failures turned into sentences in one place.
enum FileSystem {
    static func error(_ action: String, _ url: URL) -> BlobStoreError {
        let reason = String(cString: strerror(errno))
        return BlobStoreError(.storage, "Blob store: \(action) \(url.path) failed (\(reason)).")
    }

    /// The names in `directory`, sorted (none when it does not exist).
    static func entries(of directory: URL) throws -> [String] {
        guard let stream = opendir(directory.path) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw error("listing", directory)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Size and modification time of a regular file; nil when there is none.
    static func status(of url: URL) -> BlobHead? {
        var info = stat()
        guard stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
        return BlobHead(size: Int64(info.st_size), modifiedAt: modified)
    }

    /// Creates `directory` and missing parents, syncing each parent that gained an entry.
    static func makeDirectory(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let parent = directory.deletingLastPathComponent()
        try makeDirectory(parent)
        guard mkdir(directory.path, 0o750) == 0 || errno == EEXIST else { throw error("creating the directory", directory) }
        try syncDirectory(parent)
    }

    static func syncDirectory(_ directory: URL) throws {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error("opening the directory", directory) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw error("syncing the directory", directory) }
    }

    /// Sets the file's modification time to now.
    static func touch(_ url: URL) {
        _ = utimensat(AT_FDCWD, url.path, nil, 0)
    }

    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, _ url: URL) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw error("writing", url) }
            offset += written
        }
    }

    /// Runs blocking file work on NIO's shared pool for blocking work, so it never holds a
    /// cooperative-pool thread. Started work runs to the end even if its task is cancelled (a
    /// half-done put is the one thing a store must not leave), as `submit` does.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            NIOThreadPool.singleton.submit { _ in continuation.resume(with: Result { try work() }) }
        }
    }
}

/// A file open for reading, closed when the owner goes away; reads in chunks.
///
/// `@unchecked Sendable`: `descriptor` is only touched while holding `lock`.
final class FileChunkReader: @unchecked Sendable {
    private let lock = NSLock()
    private var descriptor: Int32
    private let url: URL
    private let chunkSize: Int

    init(url: URL, chunkSize: Int = 256 * 1024) throws {
        self.url = url
        self.chunkSize = chunkSize
        descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystem.error("opening", url) }
    }

    /// The next chunk; nil at the end (and the file is closed then).
    func next() throws -> Data? {
        try lock.withLock {
            guard descriptor >= 0 else { return nil }
            var chunk = Data(count: chunkSize)
            let count = chunk.withUnsafeMutableBytes { buffer -> Int in
                while true {
                    let got = read(descriptor, buffer.baseAddress, buffer.count)
                    if got < 0 && errno == EINTR { continue }
                    return got
                }
            }
            guard count >= 0 else { throw FileSystem.error("reading", url) }
            guard count > 0 else {
                close(descriptor)
                descriptor = -1
                return nil
            }
            chunk.count = count
            return chunk
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}
