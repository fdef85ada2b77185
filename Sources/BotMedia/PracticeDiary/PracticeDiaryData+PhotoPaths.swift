import Bot
import Foundation
import Reports

extension PracticeDiaryData {
    /// Every photo path the diary mentions (the photo list and the before/after pair).
    var allPhotoPaths: [String] {
        (photos + [beforeAfter?.before, beforeAfter?.after].compactMap { $0 }).map(\.path)
    }

    /// The same diary with each photo path replaced, e.g. by the local file holding the blob.
    func withPhotoPaths(_ replace: (String) -> String) -> PracticeDiaryData {
        var copy = self
        copy.photos = photos.map { var photo = $0; photo.path = replace(photo.path); return photo }
        if var pair = beforeAfter {
            pair.before.path = replace(pair.before.path)
            pair.after.path = replace(pair.after.path)
            copy.beforeAfter = pair
        }
        return copy
    }
}
