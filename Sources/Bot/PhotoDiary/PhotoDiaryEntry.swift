import Foundation

/// One stored photo of the diary (a `photos` row).
public struct PhotoDiaryEntry: Sendable, Equatable {
    public var id: Int64
    /// The program day it belongs to (`ProgramEngine.programDay`: 0 = planting day).
    public var day: Int
    public var sha256: String
    public var thumbSHA256: String
    public var greenCoverage: Double
    /// When the user sent it (`photos.created_at`); nil when the reader did not say.
    public var takenAt: Date?
    /// Taken before the journey the user is on began (a reset or another kit since): kept in the
    /// diary, but not the current journey's (`PhotoDiary.inJourney(startedAt:)` sets it).
    public var earlierJourney: Bool

    public init(id: Int64, day: Int, sha256: String, thumbSHA256: String, greenCoverage: Double, takenAt: Date? = nil,
                earlierJourney: Bool = false) {
        self.id = id
        self.day = day
        self.sha256 = sha256
        self.thumbSHA256 = thumbSHA256
        self.greenCoverage = greenCoverage
        self.takenAt = takenAt
        self.earlierJourney = earlierJourney
    }
}
