package import Foundation

/// One request the bot made, as the emulator saw it.
package struct RecordedRequest: Sendable {
    package var method: String
    /// Parameter values as text; uploaded files appear as "<file NAME, N bytes>".
    package var parameters: [String: String]
    /// Parameters the emulator does not interpret: Telegram ignores unknown ones, so does the
    /// emulator, but tests can see them here.
    package var ignoredParameters: [String]
    /// The body was `multipart/form-data`, the only way to upload a file: a send that reuses a
    /// `file_id` is not multipart (unless it uploads something else, such as a thumbnail).
    package var isMultipart: Bool = false
    /// Names of the parameters that were uploaded files.
    package var uploadedFields: [String] = []
    package var httpStatus: Int
    /// Telegram's description of the failure, nil on success.
    package var errorDescription: String?
    package var date: Date
}
