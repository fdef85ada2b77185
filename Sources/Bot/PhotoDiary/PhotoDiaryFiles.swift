import Foundation
import Media

/// Where diary blobs live, as paths relative to the data directory (what `FileSource.stored`
/// takes): `media/ab/cd/<sha256>.jpg`, the layout of `FileBlobStore` rooted at `media`.
public enum PhotoDiaryFiles {
    public static let folder = "media"

    /// The blob store the diary writes to under `dataDirectory`.
    public static func store(in dataDirectory: URL) throws -> FileBlobStore {
        try FileBlobStore(root: dataDirectory.appendingPathComponent(folder))
    }

    /// `fileExtension` is the blob store's (`jpg` for photos, `pdf` for diaries).
    public static func relativePath(_ sha256: String, fileExtension: String = "jpg") -> String {
        let first = sha256.prefix(2), second = sha256.dropFirst(2).prefix(2)
        return "\(folder)/\(first)/\(second)/\(sha256).\(fileExtension)"
    }

    /// A stored JPEG to send.
    public static func jpeg(_ sha256: String, name: String) -> FileSource {
        .stored(path: relativePath(sha256), fileName: name, mimeType: "image/jpeg")
    }
}
