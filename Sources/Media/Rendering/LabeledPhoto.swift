import Foundation

/// An encoded photo and the caption to draw on it (already localized, e.g. "День 7").
public struct LabeledPhoto: Sendable {
    public let data: Data
    public let label: String

    public init(data: Data, label: String) {
        self.data = data
        self.label = label
    }
}
