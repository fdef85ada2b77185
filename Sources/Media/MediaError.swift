/// The one error type of the Media module: a stable reason code the bot localizes for the user,
/// and a one-sentence description for operators and logs (never user text or metadata).
public struct MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in terms the bot can turn into a kind reply.
    public enum Reason: String, Sendable, CaseIterable {
        /// The file is larger than the byte limit (Telegram's getFile limit is 20 MB).
        case fileTooLarge
        /// The image has more pixels than allowed (a camera photo has at most ~40 megapixels).
        case tooManyPixels
        /// An animation (GIF, animated WebP): the diary takes still photos.
        case animated
        /// The bytes are not an image at all.
        case notAnImage
        /// An image format the diary does not take (SVG, PDF, RAW, ...).
        case unsupportedFormat
        /// A truncated or damaged image file.
        case corrupt
        /// The caller asked for something impossible (no photos, a bad size); a programming or
        /// operator error rather than a user one.
        case invalidRequest
        /// The fonts needed to draw captions are missing.
        case fontsMissing
        /// A blob that should be in the store is not there.
        case missingBlob
        /// Reading or writing the blob store failed (disk full, permissions).
        case storage
        /// Too many media jobs are waiting; try again shortly.
        case busy
        /// libvips failed on an image that looked valid.
        case processing
        /// The vision API could not be reached, refused, or answered something unusable.
        case vision
    }

    public let reason: Reason
    /// One sentence saying what happened.
    public let description: String

    public init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }

    /// True when the user can fix it by sending another file (as opposed to a fault on our side).
    public var isCausedByInput: Bool {
        switch reason {
        case .fileTooLarge, .tooManyPixels, .animated, .notAnImage, .unsupportedFormat, .corrupt:
            true
        case .invalidRequest, .fontsMissing, .missingBlob, .storage, .busy, .processing, .vision:
            false
        }
    }
}
