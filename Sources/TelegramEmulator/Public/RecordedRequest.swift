public import Foundation

/// One request the bot made, as the emulator saw it.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Parameter values as text; uploaded files appear as "<file NAME, N bytes>".
    public var parameters: [String: String]
    /// Parameters the emulator does not interpret: Telegram ignores unknown ones, so does the
    /// emulator, but tests can see them here.
    public var ignoredParameters: [String]
    /// The body was `multipart/form-data`, the only way to upload a file: a send that reuses a
    /// `file_id` is not multipart (unless it uploads something else, such as a thumbnail).
    public var isMultipart: Bool = false
    /// Names of the parameters that were uploaded files.
    public var uploadedFields: [String] = []
    public var httpStatus: Int
    /// Telegram's description of the failure, nil on success.
    public var errorDescription: String?
    public var date: Date
}
