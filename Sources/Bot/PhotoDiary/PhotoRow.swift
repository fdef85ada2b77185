import Foundation

/// A photo row's facts as renders need them.
public struct PhotoRow: Sendable, Equatable {
    public var id: Int64
    public var day: Int
    public var sha256: String
    public var greenCoverage: Double

    package init(id: Int64, day: Int, sha256: String, greenCoverage: Double) {
        self.id = id
        self.day = day
        self.sha256 = sha256
        self.greenCoverage = greenCoverage
    }
}
