import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blob being written: a `.tmp-…` file that becomes the blob by `commit` (sync, rename, sync
/// of the folder) or is removed by `discard`, also when its owner goes away without either.
///
/// `@unchecked Sendable`: one writer at a time uses it (the put that made it); the descriptor is
/// never shared.
final class TemporaryBlobFile: @unchecked Sendable {
    let url: URL
    private var descriptor: Int32

    init(in directory: URL) throws {
        try FileSystem.makeDirectory(directory)
        url = directory.appendingPathComponent("\(FolderBlobStore.temporaryPrefix)\(UUID().uuidString)")
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw FileSystem.error("creating", url) }
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        try FileSystem.writeAll(bytes, to: descriptor, url)
    }

    /// Makes the written bytes the file at `target` durably.
    func commit(as target: URL) throws {
        defer { discard() }
        guard fsync(descriptor) == 0 else { throw FileSystem.error("syncing", url) }
        close(descriptor)
        descriptor = -1
        guard rename(url.path, target.path) == 0 else { throw FileSystem.error("renaming into place", target) }
        try FileSystem.syncDirectory(target.deletingLastPathComponent())
    }

    func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(url.path) // after a rename the name is gone already
    }

    deinit {
        discard()
    }
}
