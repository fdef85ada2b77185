import Foundation

/// A user's photo diary as the pure conversation sees it: read in the update's transaction, so
/// the bot answers from the same state it then changes.
public struct PhotoDiary: Sendable, Equatable {
    /// Photos per user when an admin has set no cap of their own (`users.max_photos`).
    public static let defaultMaxPhotos = 10

    /// The stored photos, in day order (then in the order they came).
    public var photos: [DiaryPhoto]
    /// New photos that came while the diary was full, waiting for the user to pick one to replace.
    public var held: [HeldPhoto]

    public init(photos: [DiaryPhoto] = [], held: [HeldPhoto] = []) {
        self.photos = photos
        self.held = held
    }

    public static let empty = PhotoDiary()

    /// The cap that applies to `user`.
    public static func maxPhotos(for user: UserRecord?) -> Int {
        user?.maxPhotos ?? defaultMaxPhotos
    }

    public func photo(id: Int64) -> DiaryPhoto? { photos.first { $0.id == id } }
    public func heldPhoto(taskID: Int64) -> HeldPhoto? { held.first { $0.taskID == taskID } }
}

/// One stored photo of the diary (a `photos` row).
public struct DiaryPhoto: Sendable, Equatable {
    public var id: Int64
    /// The program day it belongs to (1-based).
    public var day: Int
    public var sha256: String
    public var thumbSHA256: String
    public var greenCoverage: Double

    public init(id: Int64, day: Int, sha256: String, thumbSHA256: String, greenCoverage: Double) {
        self.id = id
        self.day = day
        self.sha256 = sha256
        self.thumbSHA256 = thumbSHA256
        self.greenCoverage = greenCoverage
    }
}

/// A normalised photo kept in its ingest task (state `held`) until the user chooses.
public struct HeldPhoto: Sendable, Equatable {
    public var taskID: Int64
    public var day: Int

    public init(taskID: Int64, day: Int) {
        self.taskID = taskID
        self.day = day
    }
}

/// A change to the diary the conversation decided; the store applies it in the update's transaction.
public enum DiaryChange: Sendable, Equatable {
    /// The user confirmed deleting this photo.
    case deletePhoto(id: Int64)
    /// The held new photo of this task takes the place of the photo the user picked.
    case adoptHeldPhoto(taskID: Int64, replacing: Int64)
    /// The user keeps the diary as it is: the held new photo is let go.
    case discardHeldPhoto(taskID: Int64)
}
