public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's size and modification time as the manifest records them. When both still match,
/// the bot trusts the file was checked when the manifest was written and does not read it again
/// (as make and rsync do): an edit that keeps both the size and the nanosecond mtime goes unseen
/// until `sogreto audio build --rebuild` or a touch of the file.
public struct FileStamp: Sendable, Equatable {
    public let size: Int64
    /// Modification time in nanoseconds since 1970 (whole nanoseconds, so JSON keeps it exact).
    public let modifiedNanoseconds: Int64

    public init(size: Int64, modifiedNanoseconds: Int64) {
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
    }

    /// The stamp of a regular file now, nil when it is missing or not a regular file.
    public static func of(_ url: URL) -> FileStamp? {
        var info = stat()
        guard stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return FileStamp(size: Int64(info.st_size), modifiedNanoseconds: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }
}
