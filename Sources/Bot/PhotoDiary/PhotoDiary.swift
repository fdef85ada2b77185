import Foundation

/// A user's photo diary as the pure conversation sees it: read in the update's transaction, so
/// the bot answers from the same state it then changes.
public struct PhotoDiary: Sendable, Equatable {
    /// Photos per user when an admin has set no cap of their own (`users.max_photos`).
    static let defaultMaxPhotos = 10

    /// The stored photos, in day order (then in the order they came).
    public var photos: [PhotoDiaryEntry]
    /// New photos that came while the diary was full, waiting for the user to pick one to replace.
    public var held: [HeldPhoto]

    public init(photos: [PhotoDiaryEntry] = [], held: [HeldPhoto] = []) {
        self.photos = photos
        self.held = held
    }

    public static let empty = PhotoDiary()

    /// The cap that applies to `user`.
    public static func maxPhotos(for user: UserRecord?) -> Int {
        user?.maxPhotos ?? defaultMaxPhotos
    }

    public func photo(id: Int64) -> PhotoDiaryEntry? { photos.first { $0.id == id } }
    func heldPhoto(taskID: Int64) -> HeldPhoto? { held.first { $0.taskID == taskID } }
}
