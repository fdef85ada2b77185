import Foundation

/// Lists a folder store in path order from a continuation (the last path of the previous page),
/// skipping whole folders that sort before it, so each page costs about one page of work.
struct FolderListing {
    let root: URL

    func page(after continuation: String?, limit: Int) throws -> BlobPage {
        let start = continuation.map { $0.split(separator: "/", omittingEmptySubsequences: false).map(String.init) } ?? []
        var entries: [BlobEntry] = []
        // One more than asked shows whether another page follows.
        let wanted = limit + 1
        outer: for first in try FileSystem.entries(of: root) where Self.isLevel(first) && first >= (start.first ?? "") {
            let level1 = root.appendingPathComponent(first)
            let secondStart = first == start.first && start.count > 1 ? start[1] : ""
            for second in try FileSystem.entries(of: level1) where Self.isLevel(second) && second >= secondStart {
                let directory = level1.appendingPathComponent(second)
                for file in try FileSystem.entries(of: directory) {
                    let path = "\(first)/\(second)/\(file)"
                    if let continuation, path <= continuation { continue }
                    guard let name = BlobName(path: path),
                          let status = FileSystem.status(of: directory.appendingPathComponent(file)) else { continue }
                    entries.append(BlobEntry(name: name, size: status.size, modifiedAt: status.modifiedAt))
                    if entries.count == wanted { break outer }
                }
            }
        }
        guard entries.count > limit else { return BlobPage(entries: entries, continuation: nil) }
        entries.removeLast()
        return BlobPage(entries: entries, continuation: entries.last?.name.path)
    }

    /// The two-hex-digit folders of the layout.
    private static func isLevel(_ name: String) -> Bool {
        name.utf8.count == 2 && name.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
