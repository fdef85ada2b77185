/// A change to the diary the conversation decided; the store applies it in the update's transaction.
public enum PhotoDiaryChange: Sendable, Equatable {
    /// The user confirmed deleting this photo.
    case deletePhoto(id: Int64)
    /// The held new photo of this task takes the place of the photo the user picked.
    case adoptHeldPhoto(taskID: Int64, replacing: Int64)
    /// The user keeps the diary as it is: the held new photo is let go.
    case discardHeldPhoto(taskID: Int64)
}
