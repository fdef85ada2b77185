import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The modes of everything Sogreto writes: files 0640, folders 0750, whatever the umask it was
/// started with (user data must not be world-readable on a shared host).
public enum FileModes {
    public static let file: mode_t = 0o640
    static let directory: mode_t = 0o750

    /// Sets the process umask to 027 so every file and folder created from now on (SQLite's
    /// database and WAL, blobs, backups, logs) gets at most 0640 / 0750. Call once at start-up,
    /// before any thread creates files.
    public static func restrictProcessUmask() {
        umask(0o027)
    }

    /// `mkdir -p` with folder mode 0750 for the folders it creates; false (errno set) on failure.
    @discardableResult
    public static func createDirectory(_ url: URL) -> Bool {
        let path = url.standardizedFileURL.path
        if mkdir(path, directory) == 0 || errno == EEXIST { return isDirectory(path) }
        guard errno == ENOENT, path != "/" else { return false }
        guard createDirectory(url.standardizedFileURL.deletingLastPathComponent()) else { return false }
        return mkdir(path, directory) == 0 || (errno == EEXIST && isDirectory(path))
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
