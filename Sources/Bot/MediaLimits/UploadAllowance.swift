import Foundation

/// Whether a user may store one more photo: their photo cap, their byte cap and the global budget.
/// The photo intake asks before it downloads; `refusalKey` is the kind text to reply with.
public enum UploadAllowance: Sendable, Equatable {
    case allowed
    case refused(Reason)

    public enum Reason: String, Sendable, Equatable {
        /// The diary already holds the user's maximum number of photos.
        case photoLimit
        /// The user's byte cap would be exceeded.
        case byteLimit
        /// The global media budget is used up; nothing stored is touched.
        case budgetFull

        /// The `bot.<locale>.json` key of the kind refusal.
        public var textKey: String {
            switch self {
            case .photoLimit: return "upload_refused_photo_limit"
            case .byteLimit: return "upload_refused_byte_limit"
            case .budgetFull: return "upload_refused_budget_full"
            }
        }
    }
}
