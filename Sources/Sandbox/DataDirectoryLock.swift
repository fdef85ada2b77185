import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on `<data dir>.lock` held while a sandbox runs, so a second sandbox with the
/// same data directory stops with a sentence instead of emptying the first one's database.
/// The kernel releases the lock when the process dies, so a crash never leaves it stuck.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    init(for directory: URL) throws(SandboxError) {
        let path = directory.path + ".lock"
        try? FileManager.default.createDirectory(at: directory.deletingLastPathComponent(),
                                                 withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SandboxError("The sandbox cannot create its lock file \(path): \(String(cString: strerror(errno))).")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw SandboxError(
                "Another sandbox is using \(directory.path): stop it first, or give this one another SOGRETO_DATA_DIR.")
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
