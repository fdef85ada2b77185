import Foundation
import Media
#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 of files, and the small file-system steps backups need, with errors as sentences.
enum FileDigest {
    /// The file's SHA-256 as lowercase hex. The file is memory-mapped, so a large database is
    /// not read into memory.
    static func sha256(of url: URL) throws -> String {
        do {
            let data = try Data(contentsOf: url, options: .alwaysMapped)
            return BlobKey.of(data).hex
        } catch {
            throw BackupError(.damagedBackup, "\(url.lastPathComponent) cannot be read.")
        }
    }

    static func size(of url: URL) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Regular files under `root`, relative paths sorted; temporary files of writers in progress
    /// (`.tmp-…`) are skipped, and links are never followed.
    static func files(under root: URL) -> [String] {
        walk(root).files.filter { !($0.split(separator: "/").last ?? "").hasPrefix(".tmp-") }
    }

    /// Everything under `root` that is neither a regular file nor a folder (symbolic links,
    /// sockets, devices, pipes), as relative paths sorted; links are never followed.
    static func specialFiles(under root: URL) -> [String] {
        walk(root).special
    }

    private static func walk(_ root: URL) -> (files: [String], special: [String]) {
        var files: [String] = []
        var special: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root.appendingPathComponent(relative)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                var status = stat()
                guard lstat(root.appendingPathComponent(path).path, &status) == 0 else { special.append(path); continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: pending.append(path)
                case S_IFREG: files.append(path)
                default: special.append(path)
                }
            }
        }
        return (files.sorted(), special.sorted())
    }

    /// A hard link when source and target share a file system (blobs never change in place, so
    /// sharing the inode is safe), otherwise a copy.
    static func linkOrCopy(_ source: URL, to target: URL) throws -> Bool {
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        if link(source.path, target.path) == 0 { return true }
        try FileManager.default.copyItem(at: source, to: target)
        return false
    }

    /// Flushes a file or folder to disk so a rename that follows survives a power cut.
    static func sync(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
