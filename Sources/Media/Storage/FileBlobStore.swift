import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `BlobStore` on disk: `<root>/ab/cd/<sha256>.jpg`, written atomically (a temporary file in
/// the same directory, fsync, rename, fsync of the directory), so a crash leaves either the
/// whole blob or none of it, never a partial file under a valid name.
public struct FileBlobStore: BlobStore {
    public let root: URL
    public let fileExtension: String
    private static let temporaryPrefix = ".tmp-"

    /// A store under `root` (e.g. `$SOGRETO_DATA_DIR/media`), created when missing.
    public init(root: URL, fileExtension: String = "jpg") throws {
        self.root = root
        self.fileExtension = fileExtension
        try Self.makeDirectory(root)
    }

    /// Where the blob with `key` lives.
    public func url(for key: BlobKey) -> URL {
        let hex = key.hex
        return root
            .appendingPathComponent(String(hex.prefix(2)))
            .appendingPathComponent(String(hex.dropFirst(2).prefix(2)))
            .appendingPathComponent("\(hex).\(fileExtension)")
    }

    @discardableResult
    public func put(_ data: Data) throws -> BlobKey {
        let key = BlobKey.of(data)
        let target = url(for: key)
        if FileManager.default.fileExists(atPath: target.path) { return key }
        let directory = target.deletingLastPathComponent()
        try Self.makeDirectory(directory)
        let temporary = directory.appendingPathComponent("\(Self.temporaryPrefix)\(UUID().uuidString)")
        do {
            try Self.writeDurably(data, to: temporary)
            guard rename(temporary.path, target.path) == 0 else { throw Self.posixError("renaming into place", target) }
            try Self.syncDirectory(directory)
        } catch {
            unlink(temporary.path)
            throw error
        }
        return key
    }

    public func get(_ key: BlobKey) throws -> Data {
        let location = url(for: key)
        guard FileManager.default.fileExists(atPath: location.path) else {
            throw MediaError(.missingBlob, "No blob is stored under \(key).")
        }
        do {
            return try Data(contentsOf: location)
        } catch {
            throw MediaError(.storage, "Reading the blob \(key) failed.")
        }
    }

    public func contains(_ key: BlobKey) -> Bool {
        FileManager.default.fileExists(atPath: url(for: key).path)
    }

    public func delete(_ key: BlobKey) throws {
        let location = url(for: key)
        guard unlink(location.path) == 0 || errno == ENOENT else { throw Self.posixError("deleting", location) }
    }

    public func allKeys() throws -> [BlobKey] {
        let suffix = ".\(fileExtension)"
        var keys: [BlobKey] = []
        for first in try Self.entries(of: root) where first.count == 2 {
            let level1 = root.appendingPathComponent(first)
            for second in try Self.entries(of: level1) where second.count == 2 {
                for name in try Self.entries(of: level1.appendingPathComponent(second)) where name.hasSuffix(suffix) {
                    if let key = BlobKey(hex: String(name.dropLast(suffix.count))) { keys.append(key) }
                }
            }
        }
        return keys.sorted()
    }

    /// Temporary files left by writes that were interrupted (a crash between create and rename).
    public func abandonedTemporaryFiles() throws -> [URL] {
        var found: [URL] = []
        for first in try Self.entries(of: root) where first.count == 2 {
            let level1 = root.appendingPathComponent(first)
            for second in try Self.entries(of: level1) where second.count == 2 {
                let directory = level1.appendingPathComponent(second)
                for name in try Self.entries(of: directory) where name.hasPrefix(Self.temporaryPrefix) {
                    found.append(directory.appendingPathComponent(name))
                }
            }
        }
        return found
    }

    // MARK: file system

    private static func entries(of directory: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MediaError(.storage, "Listing \(directory.path) failed.")
        }
    }

    /// Creates `directory` and missing parents, syncing each parent that gained an entry.
    private static func makeDirectory(_ directory: URL) throws {
        if FileManager.default.fileExists(atPath: directory.path) { return }
        let parent = directory.deletingLastPathComponent()
        try makeDirectory(parent)
        guard mkdir(directory.path, 0o750) == 0 || errno == EEXIST else {
            throw posixError("creating the directory", directory)
        }
        try syncDirectory(parent)
    }

    private static func writeDurably(_ data: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw posixError("creating", url) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw posixError("writing", url) }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw posixError("syncing", url) }
    }

    private static func syncDirectory(_ directory: URL) throws {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw posixError("opening the directory", directory) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw posixError("syncing the directory", directory) }
    }

    private static func posixError(_ action: String, _ url: URL) -> MediaError {
        let reason = String(cString: strerror(errno))
        return MediaError(.storage, "Blob store: \(action) \(url.path) failed (\(reason)).")
    }
}
