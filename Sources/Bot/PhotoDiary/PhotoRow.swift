import Foundation

/// A photo row's facts as renders need them.
public struct PhotoRow: Sendable, Equatable {
    public var id: Int64
    public var day: Int
    public var sha256: String
    public var greenCoverage: Double
}
