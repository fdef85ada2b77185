import Bot
import Foundation
public import Media

/// Something that can say a word about the plant in a new photo (the optional vision API).
/// Returns nil whenever it has nothing reliable to say: limits reached, the service failed, an
/// answer that did not validate. The bot works fully without one.
public protocol PhotoAdvisor: Sendable {
    /// A short localized line such as "Похоже, это ростки; выглядят здоровыми.", or nil.
    func advice(photo: BlobKey, userID: Int64, locale: String) async -> String?
}
