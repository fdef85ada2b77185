import Bot
import Media

extension PhotoRefusal {
    /// What the user is told about a file Media could not take.
    init(_ reason: MediaError.Reason) {
        switch reason {
        case .fileTooLarge: self = .fileTooLarge
        case .tooManyPixels: self = .tooManyPixels
        case .animated: self = .animated
        case .notAnImage: self = .notAnImage
        case .unsupportedFormat: self = .unsupportedFormat
        case .corrupt: self = .corrupt
        case .invalidRequest, .fontsMissing, .missingBlob, .storage, .busy, .processing, .vision: self = .failed
        }
    }
}
