import Bot
import Foundation

/// Where photo downloads wait for a media worker: `uploads/` under the instance's own data
/// directory (not the shared temporary directory, where another instance on the same host keeps
/// its own downloads). A download is removed once its task ends; a process killed mid-download
/// leaves its file behind, so the folder is emptied when the bot starts, before any task runs.
enum UploadFolder {
    static let name = "uploads"

    /// Creates `uploads/` under `dataDirectory` if needed and removes whatever a previous run
    /// left in it; returns its URL and how many leftovers were removed.
    @discardableResult
    static func prepare(in dataDirectory: URL) throws -> (url: URL, removedLeftovers: Int) {
        let folder = dataDirectory.appendingPathComponent(name, isDirectory: true)
        let files = FileManager.default
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        var removed = 0
        for leftover in try files.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) {
            if (try? files.removeItem(at: leftover)) != nil { removed += 1 }
        }
        return (folder, removed)
    }
}
