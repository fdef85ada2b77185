/// Why the diary did not take a file, as the user is told (the raw value is the text's key).
public enum PhotoRefusal: String, Sendable, CaseIterable {
    case fileTooLarge = "photo_too_big"
    case tooManyPixels = "photo_too_many_pixels"
    case animated = "photo_animated"
    case notAnImage = "photo_not_image"
    case unsupportedFormat = "photo_unsupported_format"
    case corrupt = "photo_corrupt"
    /// Not the file's fault (storage, a busy worker, a bug): the general apology.
    case failed = "photo_task_failed"
}
