import Foundation

/// An append-only log file that rotates by size: `sogreto.log` becomes `sogreto.log.1`, and so on,
/// keeping at most `maxFiles` files in all.
// @unchecked Sendable: every access to the file handle and the size goes through `lock`.
final class RotatingFile: @unchecked Sendable {
    private let url: URL
    private let maxBytes: Int
    private let maxFiles: Int
    private let lock = NSLock()
    private var handle: FileHandle?
    private var size: Int = 0

    init(directory: URL, name: String = "sogreto.log", maxBytes: Int, maxFiles: Int) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.url = directory.appendingPathComponent(name)
        self.maxBytes = maxBytes
        self.maxFiles = max(1, maxFiles)
        try open()
    }

    deinit {
        try? handle?.close()
    }

    func write(_ line: String) {
        let data = Data(line.utf8)
        lock.lock()
        defer { lock.unlock() }
        if size > 0, size + data.count > maxBytes { rotate() }
        handle?.write(data)
        size += data.count
    }

    private func open() throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        size = Int(try handle.seekToEnd())
        self.handle = handle
    }

    private func rotate() {
        try? handle?.close()
        handle = nil
        let manager = FileManager.default
        let oldest = url.path + ".\(maxFiles - 1)"
        try? manager.removeItem(atPath: oldest)
        if maxFiles > 1 {
            for index in stride(from: maxFiles - 2, through: 1, by: -1) {
                let from = url.path + ".\(index)"
                if manager.fileExists(atPath: from) {
                    try? manager.moveItem(atPath: from, toPath: url.path + ".\(index + 1)")
                }
            }
            try? manager.moveItem(atPath: url.path, toPath: url.path + ".1")
        } else {
            try? manager.removeItem(at: url)
        }
        try? open()
    }
}
