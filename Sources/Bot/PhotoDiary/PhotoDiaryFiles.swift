import BlobStore
import Foundation

/// The diary's blobs by the keys rows keep: photos and renders are JPEG blobs, diaries PDF.
public enum PhotoDiaryFiles {
    /// The photo or render a row's key names; nil for a malformed key.
    public static func jpegName(_ sha256: String) -> BlobName? {
        BlobName(hex: sha256, format: .jpeg)
    }

    /// A stored JPEG to send. A malformed key in a row names a blob that cannot exist, so the
    /// send fails and is retried like a missing file rather than sending another photo.
    public static func jpeg(_ sha256: String, name: String) -> FileSource {
        guard let blob = jpegName(sha256) else {
            return .stored(path: "\(FolderBlobStore.dataDirectoryFolder)/invalid-key", fileName: name, mimeType: "image/jpeg")
        }
        return .blob(name: blob, fileName: name)
    }
}
