import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What is really on disk under the media directory (`$SOGRETO_DATA_DIR/media`, FileBlobStore's
/// `<root>/ab/cd/<sha256>.<ext>` layout), whatever the extension (photos, renders, PDFs).
/// Blocking file-system calls: run it off the cooperative pool (`AdminOperations` does).
public struct BlobInventory: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public struct Blob: Sendable, Equatable {
        public var hex: String
        public var url: URL
        public var bytes: Int64
        public var modifiedAt: Date
    }

    /// Every blob file, by its key. Plain readdir/stat: FileManager's per-file attribute
    /// dictionaries made a 40,000-file scan take seconds.
    public func scan() throws -> [Blob] {
        var blobs: [Blob] = []
        for first in try entries(root) where first.count == 2 {
            let level1 = root.appendingPathComponent(first)
            for second in try entries(level1) where second.count == 2 {
                let directory = level1.appendingPathComponent(second)
                for name in try entries(directory) {
                    guard let hex = Self.key(ofFileNamed: name) else { continue }
                    let url = directory.appendingPathComponent(name)
                    var info = stat()
                    guard stat(url.path, &info) == 0 else { continue } // deleted meanwhile
                    let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec)
                                        + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
                    blobs.append(Blob(hex: hex, url: url, bytes: Int64(info.st_size), modifiedAt: modified))
                }
            }
        }
        return blobs.sorted { $0.hex < $1.hex }
    }

    /// The files stored for `hex` (normally one).
    public func files(for hex: String) throws -> [URL] {
        guard Self.isKey(hex) else { return [] }
        let directory = root.appendingPathComponent(String(hex.prefix(2)))
            .appendingPathComponent(String(hex.dropFirst(2).prefix(2)))
        return try entries(directory).filter { Self.key(ofFileNamed: $0) == hex }.map { directory.appendingPathComponent($0) }
    }

    /// Deletes the files of `hex`; returns the bytes freed.
    @discardableResult
    public func delete(_ hex: String) throws -> Int64 {
        var freed: Int64 = 0
        for url in try files(for: hex) {
            let size = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
            do {
                try FileManager.default.removeItem(at: url)
            } catch {
                throw AdminError.storage("Deleting the blob \(hex) failed; check the media directory's permissions.")
            }
            freed += size
        }
        return freed
    }

    /// `<64 hex>.<ext>` → the hex; temporary files (`.tmp-…`) and strangers → nil.
    static func key(ofFileNamed name: String) -> String? {
        guard let dot = name.firstIndex(of: "."), dot != name.startIndex else { return nil }
        let hex = String(name[..<dot])
        return isKey(hex) ? hex : nil
    }

    static func isKey(_ hex: String) -> Bool {
        hex.utf8.count == 64 && hex.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The names in `directory` (none when it does not exist).
    private func entries(_ directory: URL) throws -> [String] {
        guard let stream = opendir(directory.path) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw AdminError.storage("Listing the media directory failed; check its permissions.")
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
