public import Foundation

/// A file Telegram holds (sent by the bot or by a user), as a client would download it.
public struct EmulatorFile: Sendable, Hashable {
    public var fileID: String
    public var data: Data
    /// The MIME type Telegram recorded (the upload's, or the image format for photos).
    public var mimeType: String?
    /// The name the sender gave, for documents and audio.
    public var fileName: String?
}
