/// One stored photo of the diary (a `photos` row).
public struct DiaryPhoto: Sendable, Equatable {
    public var id: Int64
    /// The program day it belongs to (`ProgramEngine.programDay`: 0 = planting day).
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
