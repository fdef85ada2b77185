import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The locks that keep one owner per data directory, as `flock(2)` locks on two files inside it,
/// so the kernel releases them when the holder dies (even by `kill -9`):
/// - `sogreto.lock`, held exclusively by the process that owns the directory (`run`, `sandbox`,
///   `migrate`, `restore`): never two bots on one database;
/// - `sogreto.users.lock`, held shared by everyone who opens the database (the owner, `backup`,
///   `admin`, `diary`) and exclusively by `restore`, which replaces the database under them.
public final class DataDirectoryLock: Sendable {
    public enum Access: Sendable {
        /// The bot (`run`, `sandbox`) or `migrate`: alone as owner, beside readers and admin tools.
        case own
        /// `backup`, `admin`, `diary`: beside the owner (SQLite coordinates their writes).
        case share
        /// `restore`: nobody else may have the directory open.
        case replace
    }

    public static let ownerFileName = "sogreto.lock"
    public static let usersFileName = "sogreto.users.lock"
    public static let fileNames: Set<String> = [ownerFileName, usersFileName]

    private let descriptors: [Int32]

    /// Takes the locks `access` needs on `directory` (created if missing), or throws one sentence
    /// naming the process that holds them.
    public init(_ directory: URL, for access: Access) throws(DataDirectoryInUse) {
        let path = directory.path
        guard FileModes.createDirectory(directory) else {
            throw DataDirectoryInUse("The data directory \(path) cannot be created: \(String(cString: strerror(errno))).")
        }
        var held: [Int32] = []
        do {
            if access != .share {
                held.append(try Self.lock(directory.appendingPathComponent(Self.ownerFileName), exclusive: true))
                Self.recordHolder(held[0])
            }
            held.append(try Self.lock(directory.appendingPathComponent(Self.usersFileName), exclusive: access == .replace))
        } catch {
            held.forEach { close($0) }
            throw error
        }
        descriptors = held
    }

    /// Keeps the locks for the rest of the process (short commands that end by exiting).
    public func holdUntilExit() {
        _ = Unmanaged.passRetained(self)
    }

    deinit {
        descriptors.forEach { close($0) }
    }

    private static func lock(_ file: URL, exclusive: Bool) throws(DataDirectoryInUse) -> Int32 {
        var descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, FileModes.file)
        // flock needs no write access: a lock file another user created (root running a command
        // by hand) still locks.
        if descriptor < 0, errno == EACCES { descriptor = open(file.path, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else {
            throw DataDirectoryInUse("The lock file \(file.path) cannot be opened: \(String(cString: strerror(errno))).")
        }
        guard flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            let holder = LockHolder.describe(descriptor: descriptor)
            close(descriptor)
            throw DataDirectoryInUse(
                "The data directory \(file.deletingLastPathComponent().path) is in use by \(holder): "
                + "stop it first, or use another data directory.")
        }
        return descriptor
    }

    /// The owner's pid and command in its lock file, for an operator's `cat` (and for systems
    /// without `/proc/locks`).
    private static func recordHolder(_ descriptor: Int32) {
        let line = "\(getpid()) \(LockHolder.command(of: getpid()))\n"
        _ = ftruncate(descriptor, 0)
        _ = line.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }
}

/// A data directory someone else holds, in one sentence naming them.
public struct DataDirectoryInUse: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
